using RpcLab.Transports.Raw.Cluster;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Tests.Raw;

/// <summary>
/// The initializer against running nodes: it ships what a server lacks, skips what has the same SHA-256, removes
/// what init.yaml no longer gives a server, needs the cluster's token, and changes nothing when a file does not
/// compile or is refused (it reaches for the guard). Replaced code is unloaded.
/// </summary>
public sealed class ClusterInitializerTests
{
    [Fact]
    public async Task It_ships_everything_then_only_what_changed_and_removes_what_is_gone_without_restarting_the_servers()
    {
        await using var cluster = await TestCluster.StartShippedAsync();

        var first = await cluster.InitAsync();
        var again = await cluster.InitAsync();
        cluster.Write("procedures/rpc2.cs", cluster.Read("procedures/rpc2.cs") + "\n// a change\n");
        var changed = await cluster.InitAsync();
        cluster.Write("init.yaml", cluster.Read("init.yaml")
            .Replace("rpcs: [rpc1, rpc2]", "rpcs: [rpc1]", StringComparison.Ordinal)
            .Replace("providers: [s2]", "providers: [s1]", StringComparison.Ordinal)
            .Replace("    rpc2:\n      args:\n        - List[int]\n        - List[str]\n      returns: [str]\n      src: procedures/rpc2.cs\n", string.Empty, StringComparison.Ordinal));
        var moved = await cluster.InitAsync();

        Assert.Equal(["s1: 3 sent", "s2: 4 sent"], Summary(first));
        Assert.Equal(["s1: 3 skipped", "s2: 4 skipped"], Summary(again));
        Assert.Equal(["s1: 2 skipped, 1 sent", "s2: 3 skipped, 1 sent"], Summary(changed));
        Assert.Contains(changed[0].Report!.Changes, c => c.Rpc == "rpc2" && c.Change == ChangeKind.Sent);
        Assert.Equal(["s1: 2 skipped, 1 sent, 1 removed", "s2: 2 skipped, 2 removed"], Summary(moved));
        var gone = await Assert.ThrowsAsync<RawCallException>(() => cluster.CallOnAsync("s1", "c1", "service1.rpc2", "[1]", "[a]"));
        var movedAway = await Assert.ThrowsAsync<RawCallException>(() => cluster.CallOnAsync("s2", "c2", "service2.rpc3", "2", "[1]"));
        var movedHere = await cluster.CallOnAsync("s1", "c2", "service2.rpc3", "2.0", "[1.5]");
        Assert.Equal(RawExceptionType.RpcNotFound, gone.Type);
        Assert.Equal(RawExceptionType.ServiceNotFound, movedAway.Type);
        Assert.Equal("\"[3] sum 3\"", movedHere.Values[0].Value.GetRawText());
    }

    [Fact]
    public async Task Overloads_are_chosen_by_argument_types_and_tenants_are_enforced()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        await cluster.InitAsync();

        var concatenated = await cluster.CallAsync("c1", "service1.rpc1", "32", "hello");
        var summed = await cluster.CallOnAsync("s2", "c3", "service1.rpc1", "32", "10");
        var paired = await cluster.CallAsync("c2", "service1.rpc2", "[1,2]", "[a,b]");
        var notTenant = await Assert.ThrowsAsync<RawCallException>(() => cluster.CallAsync("c1", "service2.rpc3", "2", "[1]"));
        var stranger = await Assert.ThrowsAsync<RawCallException>(() => cluster.CallAsync("mallory", "service1.rpc1", "1", "2"));

        Assert.Equal(("str", "\"32hello\""), (concatenated.Values[0].Type, concatenated.Values[0].Value.GetRawText()));
        Assert.Equal(("int", "42"), (summed.Values[0].Type, summed.Values[0].Value.GetRawText()));
        Assert.Equal("\"1 a, 2 b\"", paired.Values[0].Value.GetRawText());
        Assert.Equal(RawExceptionType.ClientNotRegistered, notTenant.Type);
        Assert.Equal("client c1 is not registered for service2", notTenant.Detail);
        Assert.Equal(RawExceptionType.ClientNotRegistered, stranger.Type);
        Assert.Contains(cluster.Log, line => line.StartsWith("s2:", StringComparison.Ordinal) && line.Contains("unauthorized  c1 service2.rpc3(float, List[float])", StringComparison.Ordinal));
        Assert.Contains(cluster.Log, line => line.Contains("client        c1 at 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(cluster.Log, line => line.Contains("success       c1 service1.rpc1(int, str)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_a_file_that_does_not_compile_changes_nothing()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        await cluster.InitAsync();
        var yaml = cluster.Read("init.yaml");

        File.WriteAllText(cluster.ConfigPath, yaml.Replace($"token: {TestCluster.Token}", "token: someone-elses-token", StringComparison.Ordinal));
        var refused = await cluster.InitAsync();
        File.WriteAllText(cluster.ConfigPath, yaml);
        cluster.Write("procedures/rpc1_sum.cs", cluster.Read("procedures/rpc1_sum.cs").Replace("a + b;", "a + ;", StringComparison.Ordinal));
        var broken = await cluster.InitAsync();

        Assert.All(refused, r => Assert.StartsWith("Not Authorized: server ", r.Error));
        Assert.All(broken, r => Assert.Contains("procedures/rpc1_sum.cs(4,", r.Error));
        Assert.All(broken, r => Assert.Contains("error CS1525", r.Error));
        Assert.Equal("3", (await cluster.CallAsync("c1", "service1.rpc1", "1", "2")).Values[0].Value.GetRawText());
    }

    [Fact]
    public async Task A_procedure_that_would_switch_off_the_guard_is_refused_naming_its_line_and_changes_nothing()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        await cluster.InitAsync();
        cluster.Write("procedures/rpc1_sum.cs", """
            // service1.rpc1(int, int) -> int, with the time limit switched off first.
            public static class Rpc1Sum
            {
                public static int rpc1(int a, int b)
                {
                    var guard = Type.GetType("RpcLab.Transports.Raw.Cluster.ProcedureGuard, RpcLab.Transports.Raw.Cluster");
                    guard.GetField("t_state", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static).SetValue(null, null);
                    while (true) { }
                }
            }
            """);

        var refused = await cluster.InitAsync();

        Assert.All(refused, r => Assert.StartsWith("Invalid Arguments: procedures/rpc1_sum.cs(6): System.Type.GetType is not allowed in a procedure: it could switch off the time limit", r.Error));
        Assert.All(refused, r => Assert.Contains("procedures/rpc1_sum.cs(7): System.Reflection is not allowed in a procedure", r.Error));
        Assert.Equal("3", (await cluster.CallAsync("c1", "service1.rpc1", "1", "2")).Values[0].Value.GetRawText());
    }

    [Fact]
    public async Task Replaced_code_is_unloaded()
    {
        await using var cluster = await TestCluster.StartShippedAsync();
        await cluster.InitAsync();
        await cluster.CallAsync("c1", "service1.rpc2", "[1]", "[a]");
        var before = OldContext(cluster);

        cluster.Write("procedures/rpc2.cs", cluster.Read("procedures/rpc2.cs") + "\n// replaced\n");
        await cluster.InitAsync();

        Assert.True(await CollectedAsync(before), "the replaced procedure's load context should be collected");
        Assert.Equal("\"1 a\"", (await cluster.CallAsync("c1", "service1.rpc2", "[1]", "[a]")).Values[0].Value.GetRawText());
    }

    // Held in its own method, so that no local of the test keeps the procedure alive.
    private static WeakReference OldContext(TestCluster cluster) =>
        cluster.Nodes["s1"].Procedures.Single(p => p.Rpc == "rpc2").Source.Context;

    private static async Task<bool> CollectedAsync(WeakReference reference)
    {
        for (var i = 0; i < 50 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20);
        }

        return !reference.IsAlive;
    }

    private static IEnumerable<string> Summary(IReadOnlyList<ServerInit> results) =>
        results.Select(r => r.Error ?? $"{r.Server.Name}: " + string.Join(", ", r.Report!.Changes
            .GroupBy(c => c.Change)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")));
}
