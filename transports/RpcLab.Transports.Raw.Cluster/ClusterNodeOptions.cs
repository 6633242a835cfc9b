namespace RpcLab.Transports.Raw.Cluster;

/// <summary>How a cluster node runs shipped procedures and guards its token. Immutable.</summary>
public sealed record ClusterNodeOptions
{
    /// <summary>The default <see cref="MemoryLimit"/>: 256 MiB.</summary>
    public const long DefaultMemoryLimit = 256L * 1024 * 1024;

    /// <summary>How long one call of a procedure may run before the guard stops it.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Procedures running at once (each on its own thread); a call beyond is refused (ResourceExhausted).</summary>
    public int MaxThreads { get; init; } = 16;

    /// <summary>
    /// Bytes one call of a procedure may allocate on its thread (freed or not: a budget, not a peak) before the guard
    /// stops it at its next check. Native memory and other threads' allocations are not seen.
    /// </summary>
    public long MemoryLimit { get; init; } = DefaultMemoryLimit;

    /// <summary>
    /// Wrong-token attempts an address may make in a minute; after that its attempts are refused without comparing
    /// the token (one more every 60/N s), and its log line comes once a minute with a count.
    /// </summary>
    public int WrongTokenAttemptsPerMinute { get; init; } = 10;
}
