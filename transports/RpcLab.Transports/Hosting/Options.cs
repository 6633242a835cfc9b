using RpcLab.Services.Errors;

namespace RpcLab.Transports.Hosting;

/// <summary>Where and how a server listens.</summary>
public sealed record ServerOptions
{
    /// <summary>
    /// Loopback unless told otherwise. Every server reads it the same way, through <see cref="ListenAddress"/>:
    /// localhost, an IP literal, <c>*</c> for every interface, or a host name.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 lets the OS choose (tests always do).</summary>
    public int Port { get; init; }

    /// <summary>The largest message the server accepts or sends, in bytes (ResourceExhausted beyond).</summary>
    public int MaxMessageSize { get; init; } = RpcLimits.DefaultMaxMessageSize;

    /// <summary>
    /// The most connections the server holds at once, all peers together. One more is closed as soon as it is accepted
    /// (or refused in the transport's own words: HTTP 503, an HTTP/2 GOAWAY), with a log line at most once a second,
    /// while the connections already open keep being served. Lowered to fit the process's file-descriptor limit
    /// (<see cref="FileDescriptorLimit"/>): a server out of descriptors fails everyone, and some libraries crash.
    /// </summary>
    public int MaxConnections { get; init; } = RpcLimits.DefaultMaxConnections;

    /// <summary>The most connections one peer address may hold at once (IPv4-mapped addresses count as IPv4); beyond, as <see cref="MaxConnections"/>.</summary>
    public int MaxConnectionsPerPeer { get; init; } = RpcLimits.DefaultMaxConnectionsPerPeer;

    /// <summary>
    /// How long a peer may take over one message once its first byte has arrived (for HTTP, a request's headers). It
    /// counts the whole message, not the gap between bytes, so a peer trickling a byte now and then is cut off too.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan MessageTimeout { get; init; } = RpcLimits.DefaultMessageTimeout;

    /// <summary>
    /// How long a connection may stay open with no call in progress and nothing arriving before the server closes it
    /// (HTTP's keep-alive timeout). <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = RpcLimits.DefaultIdleTimeout;

    /// <summary>
    /// The bytes of replies the server keeps for one call, and for one connection, that the client has not taken yet.
    /// Past it the server stops producing (the call's handler waits) instead of queueing more: a client that asks for
    /// a large download and never reads costs the server this much, not the whole download.
    /// </summary>
    public int MaxQueuedBytes { get; init; } = RpcLimits.DefaultMaxQueuedBytes;

    /// <summary>Called once per finished call, for the one-line-per-call log of <c>rpclab serve</c>.</summary>
    public Action<CallRecord>? CallLog { get; init; }

    /// <summary>
    /// The server's data folder, where a transport keeps state of its own across restarts (the self-signed certificate
    /// of <c>--tls</c>); null when it has none.
    /// </summary>
    public string? DataDirectory { get; init; }
}

/// <summary>Where a client connects and its defaults.</summary>
public sealed record ClientOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    public int MaxMessageSize { get; init; } = RpcLimits.DefaultMaxMessageSize;

    /// <summary>How failed calls are retried (<see cref="RetryOptions"/>); null (the default): never.</summary>
    public RetryOptions? Retry { get; init; }

    /// <summary>
    /// This client's id in the <see cref="Services.Contracts.RequestId"/>s it sends (see <see cref="RetryOptions.AtMostOnce"/>);
    /// null: a random one per connected client. Two clients must not share one while both make calls.
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>Options for calls made through <see cref="IRpcClient.Services"/>.</summary>
    public CallOptions DefaultCall { get; init; } = CallOptions.Default;

    /// <summary>
    /// The wire tap: told the bytes of every message this client sends and receives, as its transport puts
    /// them on the wire (framing included where the transport frames by itself), so <c>rpclab wire</c> and the
    /// labs can show one call marshalled on every transport. Called on the transport's I/O threads; keep it quick.
    /// Null (the default) costs nothing.
    /// </summary>
    public Action<WireDirection, ReadOnlyMemory<byte>>? WireTap { get; init; }
}

/// <summary>Per-call options.</summary>
public sealed record CallOptions
{
    public static readonly CallOptions Default = new();

    /// <summary>
    /// The deadline, relative to the start of the call. When it passes the client stops waiting and
    /// throws DeadlineExceeded, and the server (told through the wire where the protocol can say it)
    /// cancels the handler.
    /// </summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>One finished call, as a server logs it.</summary>
public sealed record CallRecord(string Transport, string Method, RpcStatusCode Status, TimeSpan Elapsed, string? Peer, string? Detail);

public static class RpcLimits
{
    /// <summary>4 MiB, gRPC's default.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>1,000 connections: far more than a lab needs, far fewer than exhaust a process.</summary>
    public const int DefaultMaxConnections = 1000;

    /// <summary>100 connections from one address: a load run's clients fit, one host cannot take every slot.</summary>
    public const int DefaultMaxConnectionsPerPeer = 100;

    /// <summary>8 MiB: two of the largest messages.</summary>
    public const int DefaultMaxQueuedBytes = 8 * 1024 * 1024;

    /// <summary>30 s for one message (Kestrel's default for a request's headers is the same).</summary>
    public static readonly TimeSpan DefaultMessageTimeout = TimeSpan.FromSeconds(30);

    /// <summary>5 min without a call or a byte.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(5);
}
