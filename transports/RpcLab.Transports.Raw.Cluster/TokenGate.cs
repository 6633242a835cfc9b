using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using RpcLab.Services.Errors;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// The door of a node's <c>$cluster</c> service: it compares the initializer's token in constant time and keeps
/// guessing slow and quiet. Each address (the peer's IP, whatever its port) has a token bucket of N wrong attempts,
/// refilled by one every 60/N s; once it is empty, the address's attempts, right token or not, are refused without the
/// compare, answered "too many attempts, try again in S s". Only wrong attempts take from the bucket: an honest
/// initializer calls twice per run and is never slowed. Wrong and refused attempts are logged one line per address per
/// minute: the first at once, then, while they go on, a count of those since the line before, so a flood of guesses
/// cannot flood the log. (System.Threading.RateLimiting was not used: its buckets refill in fractions, so it cannot be
/// asked "is a whole attempt left?" without taking one, and taking one for a right token would slow honest use.)
/// Thread-safe; dispose once.
/// </summary>
internal sealed class TokenGate : IDisposable
{
    /// <summary>How often an address's wrong attempts may be logged; also the time a bucket takes to refill.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly string _node;
    private readonly byte[]? _token;
    private readonly int _perMinute;
    private readonly TimeSpan _refill;
    private readonly ClusterLog? _log;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, WrongTokenTally> _tallies = new(StringComparer.Ordinal);

    // One lock for the check, the compare and the count, so that concurrent guesses cannot all pass the check before
    // any is counted; the compare takes microseconds and the initializer calls rarely.
    private readonly Lock _gate = new();
    private bool _disposed;

    public TokenGate(string node, string? token, int attemptsPerMinute, ClusterLog? log, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsPerMinute, 1);
        _node = node;
        _token = token is null ? null : Encoding.UTF8.GetBytes(token);
        _perMinute = attemptsPerMinute;
        _refill = LogInterval / attemptsPerMinute;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Returns when <paramref name="token"/> is the cluster's; otherwise throws Not Authorized: a wrong token, or too
    /// many wrong ones from <paramref name="peer"/>'s address (status ResourceExhausted), counted and logged.
    /// </summary>
    public void Authorize(string token, string peer, string rpc)
    {
        if (_token is null)
        {
            // No secret to compare (the original's init.yaml has none): the peer's address is all there is, and only
            // this machine is trusted.
            if (!IPEndPoint.TryParse(peer, out var endPoint) || !IPAddress.IsLoopback(endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address))
            {
                throw new RawCallException(RawExceptionType.NotAuthorized, $"server {_node} refuses the initializer from {peer}: init.yaml has no token, so it accepts one from loopback only");
            }

            return;
        }

        var address = Address(peer);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            _tallies.TryGetValue(address, out var tally);
            if (tally is not null)
            {
                tally.Tokens = Math.Min(_perMinute, tally.Tokens + (_time.GetElapsedTime(tally.RefilledAt, now) / _refill));
                tally.RefilledAt = now;
                if (tally.Tokens < 1)
                {
                    tally.Refused++;
                    var wait = (int)Math.Ceiling((1 - tally.Tokens) * _refill.TotalSeconds);
                    throw new RawCallException(
                        RawExceptionType.NotAuthorized,
                        string.Create(CultureInfo.InvariantCulture, $"server {_node}: too many attempts with a wrong token from {address}, try again in {wait} s"),
                        RpcStatusCode.ResourceExhausted);
                }
            }

            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _token))
            {
                return;
            }

            if (tally is null)
            {
                tally = new WrongTokenTally(_perMinute, now, _time.CreateTimer(_ => Tick(address), null, LogInterval, LogInterval));
                _tallies[address] = tally;
                _log?.Note("unauthorized", $"{address}: a wrong token for {ClusterNode.ControlService}.{rpc}; further attempts from {address} are logged once a minute");
            }
            else
            {
                tally.Wrong++;
            }

            tally.Tokens--;
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
    }

    /// <summary>The IP of a peer (<c>address:port</c>), IPv4 written as such; the text itself when it is not an endpoint.</summary>
    internal static string Address(string peer) =>
        IPEndPoint.TryParse(peer, out var endPoint)
            ? (endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address).ToString()
            : peer;

    // A minute after the address's last line: a line with the count since, or, after a quiet minute (its bucket full
    // again by then), forget the address.
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
