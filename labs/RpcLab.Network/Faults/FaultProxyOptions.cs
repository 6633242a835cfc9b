namespace RpcLab.Network.Faults;

/// <summary>Where a <see cref="FaultProxy"/> listens, where it forwards, its first plan and its limits.</summary>
public sealed record FaultProxyOptions
{
    /// <summary>The server's address.</summary>
    public required string UpstreamHost { get; init; }

    /// <summary>The server's port.</summary>
    public required int UpstreamPort { get; init; }

    /// <summary>Where the proxy listens: loopback, so it is no door into the machine.</summary>
    public string ListenHost { get; init; } = "127.0.0.1";

    /// <summary>0 lets the OS choose (then read <see cref="FaultProxy.Port"/>).</summary>
    public int ListenPort { get; init; }

    /// <summary>The faults from the start; replace them later through <see cref="FaultProxy.Plan"/>.</summary>
    public FaultPlan Plan { get; init; } = FaultPlan.None;

    /// <summary>The most connections through the proxy at once; one more is closed when accepted.</summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>Bytes one direction of one connection may hold back (delays, bandwidth, partitions); the proxy stops reading that side until they drain.</summary>
    public int MaxBufferedBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The longest framed message, framing included; a longer one closes its connection (<see cref="FaultKind.BadFrame"/>).</summary>
    public int MaxMessageBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How many events the fault log keeps (the oldest go first).</summary>
    public int LogCapacity { get; init; } = 100_000;

    /// <summary>Told every fault as it is applied (on the thread that applied it: keep it quick). <c>rpclab proxy</c> prints them.</summary>
    public Action<FaultEvent>? OnFault { get; init; }
}
