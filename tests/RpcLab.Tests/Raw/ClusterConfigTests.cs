using RpcLab.Tests.Services;
using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>init.yaml: the shipped one has the original project's shape, and a mistake is reported with its file and line.</summary>
public sealed class ClusterConfigTests
{
    private const string Valid = """
        token: a-long-enough-token
        network:
          servers:
            s1:
              ip: 127.0.0.1
              port: 5001
          clients:
            c1:
              ip: 127.0.0.1
              port: 6001
        service:
          service1:
            providers: [s1]
            tenants: [c1]
            rpcs: [rpc1]
        rpc:
          service1:
            rpc1:
              args: [int]
              returns: [int]
              src: rpc1.cs
        """;

    [Fact]
    public void The_shipped_init_yaml_has_the_original_projects_shape()
    {
        var config = ClusterConfig.Load(Path.Combine(AppContext.BaseDirectory, "cluster", "init.yaml"));

        Assert.Equal(["s1", "s2"], config.Servers.Keys);
        Assert.Equal(["c1", "c2", "c3"], config.Clients.Keys);
        Assert.All(config.Servers.Values.Concat(config.Clients.Values), a => Assert.Equal("127.0.0.1", a.Host));
        var service1 = config.Service("service1")!;
        var service2 = config.Service("service2")!;
        Assert.Equal(["s1", "s2"], service1.Providers);
        Assert.Equal(["c1", "c2", "c3"], service1.Tenants);
        Assert.Equal(["s2"], service2.Providers);
        Assert.Equal(["c2", "c3"], service2.Tenants);
        Assert.Equal(
            ["service1.rpc1(int, str) -> str", "service1.rpc1(int, int) -> int", "service1.rpc2(List[int], List[str]) -> str"],
            service1.Procedures.Select(p => p.Describe()));
        Assert.Equal(["service2.rpc3(float, List[float]) -> str"], service2.Procedures.Select(p => p.Describe()));
        Assert.All(config.Services.SelectMany(s => s.Procedures), p => Assert.True(File.Exists(p.SourcePath), p.SourcePath));
    }

    [Theory]
    [InlineData("providers: [s1]", "providers: [s9]", ":13: service.service1.providers: s9 is not in network.servers (s1)")]
    [InlineData("tenants: [c1]", "tenants: [c1, c7]", ":14: service.service1.tenants: c7 is not in network.clients (c1)")]
    [InlineData("args: [int]", "args: [List[int]]", "quote a list type: \"List[int]\"")]
    [InlineData("args: [int]", "args:\n          - List[int]\n          - Integer", ":21: rpc.service1.rpc1.args: unknown type Integer")]
    [InlineData("args: [int]", "args: [integer]", ":19: rpc.service1.rpc1.args: unknown type integer")]
    [InlineData("src: rpc1.cs", "src: missing.cs", ":21: rpc.service1.rpc1.src: missing.cs does not exist")]
    [InlineData("rpcs: [rpc1]", "rpcs: [rpc1, rpc2]", "service.service1.rpcs lists rpc2, but rpc.service1.rpc2 is missing")]
    [InlineData("rpcs: [rpc1]", "rpcs: []", ":18: rpc.service1.rpc1 is not listed in service.service1.rpcs")]
    [InlineData("token: a-long-enough-token", "token: short", ":1: token must be at least 8 characters")]
    [InlineData("port: 5001", "port: many", ":6: network.servers.s1.port must be a port number")]
    [InlineData("service:", "services:", "missing service")]
    public void A_mistake_is_reported_with_its_line(string valid, string mistaken, string expected)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("rpc1.cs"), "public static class R { public static int rpc1(int a) => a; }");
        var path = folder.Combine("init.yaml");
        File.WriteAllText(path, Valid.Replace(valid, mistaken, StringComparison.Ordinal));

        var error = Assert.Throws<ConfigException>(() => ClusterConfig.Load(path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_valid_example_loads()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("rpc1.cs"), "public static class R { public static int rpc1(int a) => a; }");
        File.WriteAllText(folder.Combine("init.yaml"), Valid);

        var config = ClusterConfig.Load(folder.Combine("init.yaml"));

        Assert.Equal("a-long-enough-token", config.Token);
        Assert.Equal(5001, config.Servers["s1"].Port);
    }
}
