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

    /// <summary>Called once per finished call, for the one-line-per-call log of <c>rpclab serve</c>.</summary>
    public Action<CallRecord>? CallLog { get; init; }
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
}
