namespace RpcLab.Transports.Raw;

/// <summary>The raw transport's own knobs, beyond the seam's ServerOptions and ClientOptions. Immutable.</summary>
public sealed record RawOptions
{
    public static readonly RawOptions Default = new();

    /// <summary>
    /// How long a peer may stall in the middle of a frame: the rest of a frame it started sending must arrive, and
    /// a frame we send must be taken, within this time, or the connection is closed. Waiting between frames has no
    /// limit. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls one connection may have in progress at once; a request beyond is refused (ResourceExhausted).</summary>
    public int MaxCallsPerConnection { get; init; } = 1024;

    /// <summary>When a server stops, how long calls in progress get to end after their cancellation before their connections close.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);
}
