using System.Globalization;
using System.Text.RegularExpressions;
using RpcLab.Composition;
using RpcLab.Tests.Interop;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Raw;

/// <summary>
/// The original project's demonstration, as a student runs it from four terminals: two server nodes, the initializer,
/// and a client, each a real rpclab process, on the shipped labs/cluster files (ports chosen by the OS, written into
/// a copy of init.yaml). Every process is stopped at the end, also when the test fails.
/// </summary>
public sealed partial class ClusterScenarioTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Two_nodes_the_initializer_and_a_client_from_four_terminals()
    {
        using var folder = new TempFolder();
        var shipped = Path.Combine(AppContext.BaseDirectory, "cluster");
        foreach (var file in Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(folder.Path, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var config = folder.Combine("init.yaml");
        await using var s1 = Rpclab(folder, "cluster", "serve", "--name", "s1", "--config", config, "--port", "0", "--until-stdin-closes");
        await using var s2 = Rpclab(folder, "cluster", "serve", "--name", "s2", "--config", config, "--port", "0", "--until-stdin-closes");
        var ports = new Dictionary<string, int>
        {
            ["s1"] = Port(await s1.WaitForLineAsync(l => Listening().IsMatch(l), "saying s1 listens", Patience)),
            ["s2"] = Port(await s2.WaitForLineAsync(l => Listening().IsMatch(l), "saying s2 listens", Patience)),
        };
        File.WriteAllText(config, TestCluster.WithPorts(File.ReadAllText(config), ports));

        await using var init = Rpclab(folder, "cluster", "init", "--config", config);
        var initExit = await init.WaitForExitAsync(Patience);
        await using var client = Rpclab(folder, "cluster", "call", "--config", config, "--as", "c1", "service1.rpc1", "32", "hello");
        var clientExit = await client.WaitForExitAsync(Patience);
        await s1.WaitForLineAsync(l => l.Contains("success       c1 service1.rpc1(int, str)", StringComparison.Ordinal), "logging c1's call", Patience);

        Assert.True(initExit == 0, init.Describe());
        Assert.EndsWith("init: 2 servers; 7 sent, 0 skipped, 0 removed\n", init.StandardOutput);
        Assert.True(clientExit == 0, client.Describe());
        Assert.Equal("\"32hello\"\n", client.StandardOutput);
        Assert.Contains("warning: the token is the example's", s1.StandardError);
    }

    private static PeerProcess Rpclab(TempFolder folder, params string[] args)
    {
        var (fileName, prefix) = RpclabProcess.CommandLine();
        return PeerProcess.Start(fileName, [.. prefix, .. args], folder.Path);
    }

    private static int Port(string line) => int.Parse(Listening().Match(line).Groups["port"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"rpclab cluster node s\d listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex Listening();
}
