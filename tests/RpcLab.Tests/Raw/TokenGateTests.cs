using Microsoft.Extensions.Time.Testing;
using RpcLab.Services.Errors;
using RpcLab.Transports.Raw.Cluster;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Tests.Raw;

/// <summary>
/// The node's token gate on a clock the test moves: wrong attempts limited per address (not per connection), the
/// right token let through until an address is locked out, and one log line per address per minute with the count.
/// </summary>
public sealed class TokenGateTests
{
    private const string Token = "the-cluster-token";

    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _log = [];

    [Fact]
    public void After_ten_wrong_attempts_an_address_is_refused_without_a_compare_and_logged_once_a_minute_with_a_count()
    {
        using var gate = Gate();

        var answers = Enumerable.Range(0, 50).Select(i => Attempt(gate, "wrong-token", $"10.0.0.7:{40000 + i}")).ToList();
        var right = Attempt(gate, Token, "10.0.0.7:41000");
        var logged = Logged();
        _time.Advance(TokenGate.LogInterval);
        var aMinuteLater = Logged();
        _time.Advance(TokenGate.LogInterval);
        var quiet = Logged();

        Assert.All(answers.Take(10), a => Assert.Equal((RpcStatusCode.Unauthenticated, "server s1 refuses the initializer: its token is not this cluster's"), a));
        Assert.All(answers.Skip(10), a => Assert.Equal((RpcStatusCode.ResourceExhausted, "server s1: too many attempts with a wrong token from 10.0.0.7, try again in 6 s"), a));
        Assert.Equal(RpcStatusCode.ResourceExhausted, right!.Value.Status);
        Assert.Equal(["10.0.0.7: a wrong token for $cluster.status; further attempts from 10.0.0.7 are logged once a minute"], logged);
        Assert.Equal(
            ["10.0.0.7: a wrong token for $cluster.status; further attempts from 10.0.0.7 are logged once a minute",
             "10.0.0.7: 50 more attempts with a wrong token since the line before, 41 of them refused without a compare (over 10 a minute)"],
            aMinuteLater);
        Assert.Equal(aMinuteLater, quiet);
    }

    [Fact]
    public void The_bucket_refills_by_one_attempt_every_six_seconds()
    {
        using var gate = Gate();
        for (var i = 0; i < 10; i++)
        {
            Attempt(gate, "wrong-token", "10.0.0.7:40000");
        }

        _time.Advance(TimeSpan.FromSeconds(4));
        var early = Attempt(gate, Token, "10.0.0.7:40000");
        _time.Advance(TimeSpan.FromSeconds(2));
        var compared = Attempt(gate, "wrong-token", "10.0.0.7:40000");
        var again = Attempt(gate, Token, "10.0.0.7:40000");

        Assert.Equal((RpcStatusCode.ResourceExhausted, "server s1: too many attempts with a wrong token from 10.0.0.7, try again in 2 s"), early);
        Assert.Equal(RpcStatusCode.Unauthenticated, compared!.Value.Status);
        Assert.Equal((RpcStatusCode.ResourceExhausted, "server s1: too many attempts with a wrong token from 10.0.0.7, try again in 6 s"), again);
    }

    [Fact]
    public void The_right_token_passes_and_other_addresses_are_not_held_back_by_one_that_guesses()
    {
        using var gate = Gate();

        for (var i = 0; i < 20; i++)
        {
            Attempt(gate, "wrong-token", "10.0.0.7:40000");
        }

        Assert.Null(Attempt(gate, Token, "[::1]:40001"));
        Assert.Null(Attempt(gate, Token, "127.0.0.1:40002"));
        Assert.Equal(RpcStatusCode.Unauthenticated, Attempt(gate, "wrong-token", "[::ffff:10.0.0.8]:40003")!.Value.Status);
        Assert.Contains("10.0.0.8: a wrong token for $cluster.status; further attempts from 10.0.0.8 are logged once a minute", Logged());
    }

    [Theory]
    [InlineData("127.0.0.1:5001", "127.0.0.1")]
    [InlineData("[::1]:5001", "::1")]
    [InlineData("[::ffff:192.168.1.9]:5001", "192.168.1.9")]
    [InlineData("?", "?")]
    public void An_address_is_the_peers_ip_whatever_its_port(string peer, string address) =>
        Assert.Equal(address, TokenGate.Address(peer));

    private TokenGate Gate() => new("s1", Token, attemptsPerMinute: 10, new ClusterLog(_log.Add), _time);

    // The status and detail of the refusal, or null when the token was let through.
    private static (RpcStatusCode Status, string Detail)? Attempt(TokenGate gate, string token, string peer)
    {
        try
        {
            gate.Authorize(token, peer, "status");
            return null;
        }
        catch (RawCallException e)
        {
            Assert.Equal(RawExceptionType.NotAuthorized, e.Type);
            return (e.Status, e.Detail);
        }
    }

    // The text of each log line, without its time stamp and kind.
    private List<string> Logged() => _log.Select(l => l[(l.IndexOf("unauthorized", StringComparison.Ordinal) + "unauthorized".Length)..].TrimStart()).ToList();
}
