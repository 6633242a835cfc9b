namespace RpcLab.Network.Faults;

/// <summary>
/// The faults of one direction of every connection (<see cref="FaultPlan.Requests"/> client to server,
/// <see cref="FaultPlan.Replies"/> server to client), in the manner of Toxiproxy's toxics. Probabilities are per
/// message (per request or reply when unframed) and drawn from the plan's seed. Immutable.
/// </summary>
public sealed record LinkFaults
{
    /// <summary>No fault: bytes cross as they came.</summary>
    public static readonly LinkFaults None = new();

    /// <summary>Added to every message (or chunk) before it is written.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>A random extra between 0 and this, per message (or chunk). Unframed, bytes never overtake each other.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Bytes per second written in this direction; 0 is no limit.</summary>
    public long BytesPerSecond { get; init; }

    /// <summary>Each write cut into pieces of at most this many bytes (Toxiproxy's slicer); 0 is no slicing.</summary>
    public int SliceBytes { get; init; }

    /// <summary>The pause between two slices.</summary>
    public TimeSpan SliceDelay { get; init; }

    /// <summary>Probability that a message is lost (a request: <see cref="FaultKind.RequestLost"/>; a reply: <see cref="FaultKind.ReplyLost"/>).</summary>
    public double Loss { get; init; }

    /// <summary>Probability that a connection is reset when a message arrives, before it is forwarded.</summary>
    public double Reset { get; init; }

    /// <summary>Framed only: probability that a message is delivered twice.</summary>
    public double Duplicate { get; init; }

    /// <summary>Probability that a message is held back for a long delay, between <see cref="LongDelayMin"/> and <see cref="LongDelayMax"/> (labrpc's long reordering).</summary>
    public double LongDelay { get; init; }

    /// <summary>The shortest long delay.</summary>
    public TimeSpan LongDelayMin { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest long delay.</summary>
    public TimeSpan LongDelayMax { get; init; } = TimeSpan.FromMilliseconds(2200);

    /// <summary>The connection is closed once this many bytes crossed in this direction (Toxiproxy's limit_data); 0 is no limit.</summary>
    public long LimitData { get; init; }

    /// <summary>True when this direction changes nothing.</summary>
    public bool IsNone => this == None;
}
