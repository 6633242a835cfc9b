using System.Globalization;
using System.Net;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// The connection limits of one server (<see cref="ServerOptions.MaxConnections"/>, <see cref="ServerOptions.MaxConnectionsPerPeer"/>),
/// counted in one place for every server: the seam's <see cref="TcpAcceptLoop"/>, the raw toolkit's own accept loop,
/// Kestrel's connection middleware and zeroRPC's socket monitor each ask <see cref="TryAdmit"/> for every connection
/// they accept and close the connection at once when it says no. Beyond a limit the server must stay alive for the
/// clients it already has: accepting and closing costs a descriptor for a moment, holding costs it for good. A refusal
/// is logged through <see cref="ServerOptions.CallLog"/> at most once a second (a flood would otherwise write a line per
/// connect), with how many went unlogged. The total is lowered to fit the process's descriptors (<see cref="FileDescriptorLimit"/>).
/// Thread-safe.
/// </summary>
public sealed class ConnectionLimiter
{
    private const long LogIntervalMs = 1000;

    private readonly object _gate = new();
    private readonly Dictionary<IPAddress, int> _perPeer = [];
    private readonly string _transport;
    private readonly Action<CallRecord>? _log;
    private int _count;
    private long _refused;
    private long _lastLogged;
    private int _unlogged;

    /// <summary>The limits of <paramref name="options"/>, for a server of <paramref name="transport"/> (the name its log lines carry).</summary>
    public ConnectionLimiter(string transport, ServerOptions options)
        : this(transport, options?.MaxConnections ?? RpcLimits.DefaultMaxConnections, options?.MaxConnectionsPerPeer ?? RpcLimits.DefaultMaxConnectionsPerPeer, options?.CallLog, FileDescriptorLimit.Current)
    {
    }

    /// <param name="transport">The transport's name, for the log.</param>
    /// <param name="maxConnections">The total wanted; lowered to fit <paramref name="descriptorLimit"/>.</param>
    /// <param name="maxPerPeer">The most from one address.</param>
    /// <param name="log">Where refusals are logged; null logs nothing.</param>
    /// <param name="descriptorLimit">The process's descriptor limit, or null when unknown.</param>
    public ConnectionLimiter(string transport, int maxConnections, int maxPerPeer, Action<CallRecord>? log, long? descriptorLimit)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConnections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerPeer);
        _transport = transport;
        _log = log;
        _lastLogged = Environment.TickCount64 - LogIntervalMs;
        Wanted = maxConnections;
        MaxConnections = FileDescriptorLimit.Fit(maxConnections, descriptorLimit);
        MaxConnectionsPerPeer = maxPerPeer;
    }

    /// <summary>The total the options asked for.</summary>
    public int Wanted { get; }

    /// <summary>The total enforced: <see cref="Wanted"/>, or less when the descriptor limit is lower.</summary>
    public int MaxConnections { get; }

    public int MaxConnectionsPerPeer { get; }

    /// <summary>Connections admitted and not yet released.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Connections refused since the server started.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>
    /// A lease for a new connection from <paramref name="peer"/>, to dispose when it closes; or null, and a log line
    /// (at most once a second), when a limit is reached: the caller closes the connection.
    /// </summary>
    public ConnectionLease? TryAdmit(EndPoint? peer)
    {
        var address = AddressOf(peer);
        string reason;
        lock (_gate)
        {
            var fromPeer = address is null ? 0 : _perPeer.GetValueOrDefault(address);
            if (_count >= MaxConnections)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{_count} connections are open, the most this server takes");
            }
            else if (address is not null && fromPeer >= MaxConnectionsPerPeer)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{address} has {fromPeer} connections open, the most one peer may have");
            }
            else
            {
                _count++;
                if (address is not null)
                {
                    _perPeer[address] = fromPeer + 1;
                }

                return new ConnectionLease(this, address);
            }
        }

        Interlocked.Increment(ref _refused);
        LogRefusal(peer, reason);
        return null;
    }

    internal void Release(IPAddress? address)
    {
        lock (_gate)
        {
            _count--;
            if (address is not null && _perPeer.TryGetValue(address, out var open))
            {
                if (open <= 1)
                {
                    _perPeer.Remove(address);
                }
                else
                {
                    _perPeer[address] = open - 1;
                }
            }
        }
    }

    // One line a second at most; the refusals in between are counted into the next line.
    private void LogRefusal(EndPoint? peer, string reason)
    {
        if (_log is null)
        {
            return;
        }

        int unlogged;
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (now - _lastLogged < LogIntervalMs)
            {
                _unlogged++;
                return;
            }

            _lastLogged = now;
            unlogged = _unlogged;
            _unlogged = 0;
        }

        var more = unlogged == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({unlogged} more refused since the last line)");
        _log(new CallRecord(_transport, "-", RpcStatusCode.ResourceExhausted, TimeSpan.Zero, peer?.ToString(), $"closed a new connection: {reason}{more}"));
    }

    // The peer's address, IPv4-mapped IPv6 as IPv4 (a dual-stack socket sees IPv4 clients that way).
    private static IPAddress? AddressOf(EndPoint? peer) =>
        peer is IPEndPoint { Address: var address } ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address) : null;
}
