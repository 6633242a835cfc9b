namespace RpcLab.Transports.Rpyc;

/// <summary>What rpyc leaves to the implementation, and which contract a server serves. Immutable.</summary>
public sealed record RpycOptions
{
    public static readonly RpycOptions Default = new();

    /// <summary>
    /// Server: the most of its objects one connection may hold references to (services, methods, lists, dicts,
    /// streams); one more is refused with OverflowError (ResourceExhausted) until the client releases some. rpyc
    /// itself has no limit; a client that never sends DEL would otherwise grow the server without bound.
    /// </summary>
    public int MaxReferencesPerConnection { get; init; } = 10_000;

    /// <summary>
    /// Server: serve an original course project's service at the root instead of RpcLab's services (see
    /// <see cref="OriginalContracts"/>: files1, files2, compute); null serves RpcLab's.
    /// </summary>
    public string? Original { get; init; }

    /// <summary>Client: how long a call without a deadline waits for a connection to the server.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
