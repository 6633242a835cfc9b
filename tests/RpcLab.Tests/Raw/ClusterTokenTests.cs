using System.Diagnostics;
using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>
/// Guessing a node's token, as the probe did it: one address sending wrong tokens is refused without a compare after
/// ten in a minute, answered "too many attempts, try again in N s", and the node logs the attempts once, not once each.
/// </summary>
public sealed class ClusterTokenTests
{
    private const string WrongToken = "Not Authorized: server s1 refuses the initializer: its token is not this cluster's";

    [Fact]
    public async Task Fifty_wrong_tokens_from_one_address_are_rate_limited_and_logged_once()
    {
        await using var cluster = await TestCluster.StartAsync(new Dictionary<string, string> { ["init.yaml"] = InitYaml }, ["s1"]);
        var right = cluster.Config();
        var wrong = ClusterConfig.Parse(cluster.Read("init.yaml").Replace($"token: {TestCluster.Token}", "token: a-wrong-guess", StringComparison.Ordinal), cluster.ConfigPath);
        var clock = Stopwatch.StartNew();

        var answers = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            answers.Add(Assert.Single(await Initializer.RunAsync(wrong, TimeSpan.FromSeconds(60))).Error!);
        }

        var elapsed = clock.Elapsed;
        var rightButLocked = Assert.Single(await Initializer.RunAsync(right, TimeSpan.FromSeconds(60))).Error;

        // Ten compared, the rest refused unchecked; a slow machine may see the bucket refill by one every 6 s.
        var refills = (int)(elapsed.TotalSeconds / 6);
        Assert.All(answers.Take(10), a => Assert.Equal(WrongToken, a));
        Assert.InRange(answers.Count(a => a == WrongToken), 10, 10 + refills);
        Assert.All(answers.Where(a => a != WrongToken), a => Assert.Matches(@"^Not Authorized: server s1: too many attempts with a wrong token from 127\.0\.0\.1, try again in \d+ s$", a));
        Assert.StartsWith("Not Authorized: server s1: too many attempts", rightButLocked);
        var logged = cluster.Log.Where(l => l.Contains("unauthorized", StringComparison.Ordinal)).ToList();
        Assert.Equal(["a wrong token for $cluster.status; further attempts from 127.0.0.1 are logged once a minute"], logged.Select(l => l[(l.IndexOf("127.0.0.1: ", StringComparison.Ordinal) + 11)..]));
    }

    private const string InitYaml = $$"""
        {{TestCluster.OneServerNetwork}}
        service: {}
        rpc: {}
        """;
}
