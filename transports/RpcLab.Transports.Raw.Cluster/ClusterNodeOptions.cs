namespace RpcLab.Transports.Raw.Cluster;

/// <summary>How a cluster node runs shipped procedures. Immutable.</summary>
public sealed record ClusterNodeOptions
{
    /// <summary>How long one call of a procedure may run before the guard stops it.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Procedures running at once (each on its own thread); a call beyond is refused (ResourceExhausted).</summary>
    public int MaxThreads { get; init; } = 16;
}
