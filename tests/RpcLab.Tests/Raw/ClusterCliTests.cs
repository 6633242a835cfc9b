using RpcLab.Cli.Commands;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Raw;

/// <summary>
/// <c>rpclab cluster init</c> and <c>rpclab cluster call</c> against running nodes: the initializer's report, the
/// return values, and every exception type of the original project provoked and shown with its exit code.
/// </summary>
public sealed class ClusterCliTests
{
    [Fact]
    public async Task Init_reports_per_server_and_procedure_and_a_call_prints_the_return_values()
    {
        await using var cluster = await TestCluster.StartShippedAsync();

        var init = await cluster.CliAsync("init");
        var again = await cluster.CliAsync("init");
        var call = await cluster.CliAsync("call", "--as", "c1", "service1.rpc1", "32", "hello");
        var typed = await cluster.CliAsync("call", "--as", "c2", "service2.rpc3", "2", "[1,2]", "--types", "float,List[float]");

        Assert.Equal(0, init.ExitCode);
        Assert.Matches(@"^s1 127\.0\.0\.1:\d+$", init.OutputLines[0]);
        Assert.Equal("  sent     service1.rpc1(int, str) -> str  (procedures/rpc1_concat.cs)", init.OutputLines[1]);
        Assert.Contains("  sent     service2.rpc3(float, List[float]) -> str  (procedures/rpc3.cs)", init.OutputLines);
        Assert.Equal("init: 2 servers; 7 sent, 0 skipped, 0 removed", init.OutputLines[^1]);
        Assert.Equal("init: 2 servers; 0 sent, 7 skipped, 0 removed", again.OutputLines[^1]);
        Assert.Equal((0, "\"32hello\""), (call.ExitCode, call.Output.Trim()));
        Assert.Equal((0, "\"[2, 4] sum 6\""), (typed.ExitCode, typed.Output.Trim()));
    }

    [Fact]
    public async Task Every_exception_type_is_shown_with_its_message_and_a_non_zero_exit_code()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        await cluster.CliAsync("init");

        var execution = await cluster.CliAsync("call", "--as", "c1", "service1.rpc2", "[1,2]", "[a]");
        var invalid = await cluster.CliAsync("call", "--as", "c1", "service1.rpc1", "1.5", "hello");
        var mismatch = await cluster.CliAsync("call", "--as", "c1", "service1.rpc1", "32", "hello", "--types", "int,int");
        var noService = await cluster.CliAsync("call", "--as", "c2", "service2.rpc3", "2.0", "[1]", "--server", "s1");
        var noRpc = await cluster.CliAsync("call", "--as", "c1", "service1.rpc9", "1");
        var notRegistered = await cluster.CliAsync("call", "--as", "c1", "service2.rpc3", "2.0", "[1]");

        Assert.Equal((ExitCodes.ForStatus(RpcStatusCode.Unknown), "Execution Exception: service1.rpc2 threw ArgumentException: 2 numbers but 1 words"), Shown(execution));
        Assert.Equal((ExitCodes.ForStatus(RpcStatusCode.InvalidArgument), "Invalid Arguments: service1.rpc1 does not take (float, str); valid: rpc1(int, str) -> str; rpc1(int, int) -> int"), Shown(invalid));
        Assert.Equal((ExitCodes.ForStatus(RpcStatusCode.InvalidArgument), "Invalid Arguments: service1.rpc1(int, int) -> int: argument 2 is declared int but is \"hello\""), Shown(mismatch));
        Assert.Equal((ExitCodes.ForStatus(RpcStatusCode.Unimplemented), "Service Not Found: this server does not provide service2; it provides service1"), Shown(noService));
        Assert.Equal((ExitCodes.ForStatus(RpcStatusCode.Unimplemented), "RPC Not Found: service1 has no rpc rpc9; it has rpc1, rpc2"), Shown(noRpc));
        Assert.Equal((ExitCodes.ForStatus(RpcStatusCode.PermissionDenied), "Client Not Registered: client c1 is not registered for service2"), Shown(notRegistered));
    }

    [Fact]
    public async Task A_wrong_command_line_or_init_yaml_is_one_line_and_exit_code_1()
    {
        await using var cluster = await TestCluster.StartShippedAsync();

        var noServer = await cluster.CliAsync("call", "--as", "c1", "service1.rpc1", "1", "2", "--server", "s9");
        var noDot = await cluster.CliAsync("call", "--as", "c1", "rpc1", "1");
        var typeCount = await cluster.CliAsync("call", "--as", "c1", "service1.rpc1", "1", "--types", "int,int");
        var noNode = await cluster.CliAsync("serve", "--name", "s7");
        var noMemory = await cluster.CliAsync("serve", "--name", "s1", "--memory-limit", "0");
        var missing = await Cli.Cli.RunAsync(["cluster", "init", "--config", cluster.ConfigPath + ".missing"]);

        Assert.Equal((1, "error: init.yaml has no server s9; it has s1, s2"), (noServer.ExitCode, noServer.Error.Trim()));
        Assert.Equal(1, noDot.ExitCode);
        Assert.Contains("service.rpc", noDot.Error);
        Assert.Equal((1, "error: --types names 2 types for 1 arguments"), (typeCount.ExitCode, typeCount.Error.Trim()));
        Assert.Equal((1, "error: init.yaml has no server s7; it has s1, s2"), (noNode.ExitCode, noNode.Error.Trim()));
        Assert.Equal(1, noMemory.ExitCode);
        Assert.Contains("--memory-limit must be a positive number of MiB, got '0'", noMemory.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: cannot read ", missing.Error);
    }

    [Fact]
    public async Task An_unreachable_server_is_unavailable_and_a_wrong_token_not_authorized()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        var yaml = cluster.Read("init.yaml");
        await cluster.Nodes["s2"].DisposeAsync();

        File.WriteAllText(cluster.ConfigPath, yaml.Replace($"token: {TestCluster.Token}", "token: not-the-cluster-token", StringComparison.Ordinal));
        var refused = await cluster.CliAsync("init");
        File.WriteAllText(cluster.ConfigPath, yaml);
        var unreachable = await cluster.CliAsync("call", "--as", "c1", "service1.rpc1", "1", "2", "--server", "s2");

        Assert.Equal(1, refused.ExitCode);
        Assert.Matches(@"^s1 127\.0\.0\.1:\d+: error: Not Authorized: server s1 refuses the initializer: its token is not this cluster's$", refused.OutputLines[0]);
        Assert.Matches(@"^s2 127\.0\.0\.1:\d+: error: Unavailable: cannot connect", refused.OutputLines[1]);
        Assert.Equal("init: 2 servers, 2 failed; 0 sent, 0 skipped, 0 removed", refused.OutputLines[^1]);
        Assert.Equal(ExitCodes.ForStatus(RpcStatusCode.Unavailable), unreachable.ExitCode);
        Assert.StartsWith("error: Unavailable: s2: cannot connect", unreachable.Error);
    }

    private static (int ExitCode, string Error) Shown(Cli.CliResult result) => (result.ExitCode, result.Error.Trim());
}
