using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using RpcLab.Services.Errors;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// The door of a node's <c>$cluster</c> service: it compares the initializer's token in constant time and keeps
/// guessing slow and quiet. Each address (the peer's IP, whatever its port) may make N wrong attempts a minute, a token
/// bucket per address (System.Threading.RateLimiting) refilled by one every 60/N s; past that its attempts, right token
/// or not, are refused without the compare, answered "too many attempts, try again in S s". Wrong and refused attempts
/// are logged one line per address per minute: the first at once, then, while they go on, a count of those since the
/// line before, so a flood of guesses cannot flood the log. Only wrong attempts count: an honest initializer calls
/// twice per run and must never be slowed. Thread-safe; dispose once.
/// </summary>
internal sealed class TokenGate : IDisposable
{
    /// <summary>How often an address's wrong attempts may be logged.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly string _node;
    private readonly byte[] _token;
    private readonly int _perMinute;
    private readonly ClusterLog? _log;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly Dictionary<string, WrongTokenTally> _tallies = new(StringComparer.Ordinal);

    // One lock for the check, the compare and the count, so that concurrent guesses cannot all pass the check before
    // any is counted; the compare takes microseconds and the initializer calls rarely.
    private readonly Lock _gate = new();
    private bool _disposed;

    public TokenGate(string node, string token, int attemptsPerMinute, ClusterLog? log, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsPerMinute, 1);
        _node = node;
        _token = Encoding.UTF8.GetBytes(token);
        _perMinute = attemptsPerMinute;
        _log = log;
        _time = time ?? TimeProvider.System;
        var refill = LogInterval / attemptsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = attemptsPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = refill,
            QueueLimit = 0,
        }));
    }

    /// <summary>
    /// Returns when <paramref name="token"/> is the cluster's; otherwise throws Not Authorized: a wrong token, or too
    /// many wrong ones from <paramref name="peer"/>'s address (status ResourceExhausted), counted and logged.
    /// </summary>
    public void Authorize(string token, string peer, string rpc)
    {
        var address = Address(peer);
        lock (_gate)
        {
            using (var open = _limiter.AttemptAcquire(address, 0))
            {
                if (!open.IsAcquired)
                {
                    Count(address, rpc, refused: true);
                    var wait = open.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : LogInterval / _perMinute;
                    throw new RawCallException(
                        RawExceptionType.NotAuthorized,
                        string.Create(CultureInfo.InvariantCulture, $"server {_node}: too many attempts with a wrong token from {address}, try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s"),
                        RpcStatusCode.ResourceExhausted);
                }
            }

            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _token))
            {
                return;
            }

            _limiter.AttemptAcquire(address, 1).Dispose();
            Count(address, rpc, refused: false);
        }

        throw new RawCallException(RawExceptionType.NotAuthorized, $"server {_node} refuses the initializer: its token is not this cluster's");
    }

    /// <summary>Stops the timers, writing what is still uncounted in the log.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var (address, tally) in _tallies)
            {
                tally.Timer.Dispose();
                WriteCount(address, tally);
            }

            _tallies.Clear();
        }

        _limiter.Dispose();
    }

    /// <summary>The IP of a peer (<c>address:port</c>), IPv4 written as such; the text itself when it is not an endpoint.</summary>
    internal static string Address(string peer) =>
        IPEndPoint.TryParse(peer, out var endPoint)
            ? (endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address).ToString()
            : peer;

    // Under the lock. The first attempt of a quiet address is logged at once; later ones wait for the address's timer.
    private void Count(string address, string rpc, bool refused)
    {
        if (_tallies.TryGetValue(address, out var tally))
        {
            if (refused)
            {
                tally.Refused++;
            }
            else
            {
                tally.Wrong++;
            }

            return;
        }

        if (_disposed)
        {
            return;
        }

        _tallies[address] = new WrongTokenTally(_time.CreateTimer(_ => Tick(address), null, LogInterval, LogInterval));
        _log?.Note("unauthorized", refused
            ? $"{address}: {ClusterNode.ControlService}.{rpc} refused, too many wrong tokens; further attempts from {address} are logged once a minute"
            : $"{address}: a wrong token for {ClusterNode.ControlService}.{rpc}; further attempts from {address} are logged once a minute");
    }

    // A minute after the address's last line: a line with the count since, or, after a quiet minute, forget the address.
    private void Tick(string address)
    {
        lock (_gate)
        {
            if (_disposed || !_tallies.TryGetValue(address, out var tally))
            {
                return;
            }

            if (tally.Total == 0)
            {
                tally.Timer.Dispose();
                _tallies.Remove(address);
                return;
            }

            WriteCount(address, tally);
            tally.Wrong = 0;
            tally.Refused = 0;
        }
    }

    private void WriteCount(string address, WrongTokenTally tally)
    {
        if (tally.Total == 0)
        {
            return;
        }

        var refused = tally.Refused == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {tally.Refused} of them refused without a compare (over {_perMinute} a minute)");
        _log?.Note("unauthorized", string.Create(CultureInfo.InvariantCulture, $"{address}: {tally.Total} more attempts with a wrong token since the line before{refused}"));
    }
}
