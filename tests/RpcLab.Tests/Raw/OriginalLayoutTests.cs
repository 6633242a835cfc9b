using System.Globalization;
using RpcLab.Cli.Commands;
using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Tests.Services;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>
/// init.yaml as the original course project writes it (lists of one-key maps, overloads as a repeated rpc name, no
/// token), with only its src entries changed to C# files: it loads beside today's layout and starts a cluster whose
/// nodes accept the initializer from loopback only.
/// </summary>
public sealed class OriginalLayoutTests
{
    /// <summary>The original's file, its ports replaced by {S1} and {S2} and its src by the shipped C# procedures.</summary>
    private const string Original = """
        network:
          servers:
            - s1: {ip: 127.0.0.1, port: {S1}}
            - s2: {ip: 127.0.0.1, port: {S2}}
          clients:
            - c1: {ip: 127.0.0.1, port: 6000}
            - c2: {ip: 127.0.0.1, port: 6001}
            - c3: {ip: 127.0.0.1, port: 6002}
        service:
          - service1:
              providers: [s1, s2]
              tenants: [c1, c2, c3]
              rpcs: [rpc1, rpc2]
          - service2:
              providers: [s2]
              tenants: [c2, c3]
              rpcs: [rpc3]
        rpc:
          service1:
            - rpc1: {args: [int, str], returns: [str], src: procedures/rpc1_concat.cs}
            - rpc1: {args: [int, int], returns: [int], src: procedures/rpc1_sum.cs}
            - rpc2: {args: ["List[int]", "List[str]"], returns: [str], src: procedures/rpc2.cs}
          service2:
            - rpc3: {args: [float, "List[float]"], returns: [str], src: procedures/rpc3.cs}
        """;

    [Fact]
    public void The_original_layout_loads_like_todays_with_overloads_and_no_token()
    {
        using var folder = WithProcedures();
        File.WriteAllText(folder.Combine("init.yaml"), Original.Replace("{S1}", "8181", StringComparison.Ordinal).Replace("{S2}", "8282", StringComparison.Ordinal));

        var config = ClusterConfig.Load(folder.Combine("init.yaml"));
        var shipped = ClusterConfig.Load(Path.Combine(AppContext.BaseDirectory, "cluster", "init.yaml"));

        Assert.Null(config.Token);
        Assert.Equal([("s1", 8181), ("s2", 8282)], config.Servers.Values.Select(s => (s.Name, s.Port)));
        Assert.Equal(["c1", "c2", "c3"], config.Clients.Keys);
        Assert.Equal(Describe(shipped), Describe(config));
    }

    [Fact]
    public async Task The_original_layout_starts_a_cluster_initialized_from_loopback_without_a_token()
    {
        using var folder = WithProcedures();
        await using var s1 = ClusterNode.Start("s1", token: null, new ServerOptions { Port = 0 });
        await using var s2 = ClusterNode.Start("s2", token: null, new ServerOptions { Port = 0 });
        File.WriteAllText(folder.Combine("init.yaml"), Original
            .Replace("{S1}", s1.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{S2}", s2.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var config = ClusterConfig.Load(folder.Combine("init.yaml"));

        var init = await Initializer.RunAsync(config, TimeSpan.FromSeconds(120));
        var concat = await ClusterClient.CallAsync(config, "c1", "service1", "rpc1", ArgumentParser.Parse(["32", "hello"], null), null, TimeSpan.FromSeconds(30));
        var sum = await ClusterClient.CallAsync(config, "c1", "service1", "rpc1", ArgumentParser.Parse(["32", "10"], null), null, TimeSpan.FromSeconds(30));

        Assert.All(init, r => Assert.Null(r.Error));
        Assert.Equal("\"32hello\"", concat.Values.Single().Value.GetRawText());
        Assert.Equal("42", sum.Values.Single().Value.GetRawText());
    }

    [Fact]
    public async Task Without_a_token_a_node_refuses_an_initializer_from_another_address_and_says_why()
    {
        // A non-loopback address of this machine stands for another machine; without one there is no other peer to be.
        var other = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (other is null)
        {
            // Nothing to refuse from: on a machine with loopback only, no peer can be anything but local.
            return;
        }

        using var folder = WithProcedures();
        await using var s1 = ClusterNode.Start("s1", token: null, new ServerOptions { Host = other!.ToString(), Port = 0 });
        File.WriteAllText(folder.Combine("init.yaml"), Original
            .Replace("{ip: 127.0.0.1, port: {S1}}", $"{{ip: {other}, port: {s1.Port.ToString(CultureInfo.InvariantCulture)}}}", StringComparison.Ordinal)
            .Replace("{S2}", "1", StringComparison.Ordinal));
        var config = ClusterConfig.Load(folder.Combine("init.yaml"));

        var init = await Initializer.RunAsync(config, TimeSpan.FromSeconds(30));

        Assert.Contains("init.yaml has no token, so it accepts one from loopback only", init.Single(r => r.Server.Name == "s1").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_without_a_token_says_so_when_it_starts()
    {
        using var folder = WithProcedures();
        File.WriteAllText(folder.Combine("init.yaml"), Original.Replace("{S1}", "0", StringComparison.Ordinal).Replace("{S2}", "0", StringComparison.Ordinal));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var serve = await Cli.Cli.RunAsync(["cluster", "serve", "--name", "s1", "--config", folder.Combine("init.yaml")], stop.Token);

        Assert.Contains("note: init.yaml has no token: this node accepts an initializer from loopback only.", serve.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_int_literal_is_a_valid_float_and_an_unknown_service_reaches_a_server_that_says_Service_Not_Found()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        await cluster.CliAsync("init");

        var rpc3 = await cluster.CliAsync("call", "--as", "c2", "service2.rpc3", "2.5", "[1,2]");
        var noService = await cluster.CliAsync("call", "--as", "c1", "service9.rpc1", "1");

        Assert.Equal((0, "\"[2.5, 5] sum 7.5\""), (rpc3.ExitCode, rpc3.Output.Trim()));
        Assert.Equal((ExitCodes.ForStatus(RpcStatusCode.Unimplemented), "Service Not Found: this server does not provide service9; it provides service1"), (noService.ExitCode, noService.Error.Trim()));
    }

    [Fact]
    public async Task Node_ports_reach_servers_started_on_other_ports_by_name()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        var yaml = cluster.Read("init.yaml");
        // Written directly: the cluster's own Write would put the nodes' ports back.
        File.WriteAllText(cluster.ConfigPath, TestCluster.WithPorts(yaml, new Dictionary<string, int> { ["s1"] = 1, ["s2"] = 2 }));

        var wrong = await cluster.CliAsync("init");
        var init = await cluster.CliAsync("init", "--node-port", $"s1={cluster.Nodes["s1"].Port}", "--node-port", $"s2={cluster.Nodes["s2"].Port}");
        var unknown = await cluster.CliAsync("call", "--as", "c1", "service1.rpc1", "1", "2", "--node-port", "s9=5");

        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Equal(0, init.ExitCode);
        Assert.Equal("init: 2 servers; 7 sent, 0 skipped, 0 removed", init.OutputLines[^1]);
        Assert.Equal("error: --node-port: init.yaml has no server s9; it has s1, s2", unknown.Error.Trim());
    }

    private static TempFolder WithProcedures()
    {
        var folder = new TempFolder();
        var shipped = Path.Combine(AppContext.BaseDirectory, "cluster", "procedures");
        Directory.CreateDirectory(folder.Combine("procedures"));
        foreach (var file in Directory.EnumerateFiles(shipped))
        {
            File.Copy(file, folder.Combine(Path.Combine("procedures", Path.GetFileName(file))));
        }

        return folder;
    }

    private static string Describe(ClusterConfig config) => string.Join("\n", config.Services.Select(s =>
        $"{s.Name} [{string.Join(",", s.Providers)}] [{string.Join(",", s.Tenants)}] {string.Join("; ", s.Procedures.Select(p => $"{p.Rpc}({string.Join(",", p.Args)})->{string.Join(",", p.Returns)} {p.Source}"))}"));
}
