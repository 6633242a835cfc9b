namespace RpcLab.Network.Faults;

/// <summary>
/// What the fault proxy does to the traffic: faults per direction, a script of faults at known requests, the framing
/// that tells messages apart, and the seed of every random choice. Immutable; replace the proxy's plan to change
/// faults while it runs (<see cref="FaultProxy.Plan"/>): the new plan applies from the next message on, on every
/// connection (the framing only to connections accepted after the change).
/// </summary>
public sealed record FaultPlan
{
    /// <summary>No fault: the proxy forwards everything unchanged.</summary>
    public static readonly FaultPlan None = new();

    /// <summary>The seed of every random choice: the same seed and the same traffic give the same fault log (times aside).</summary>
    public int Seed { get; init; }

    /// <summary>How messages are told apart; <see cref="MessageFraming.None"/> works on bytes (see there).</summary>
    public MessageFraming Framing { get; init; }

    /// <summary>Faults of the client-to-server direction (requests).</summary>
    public LinkFaults Requests { get; init; } = LinkFaults.None;

    /// <summary>Faults of the server-to-client direction (replies).</summary>
    public LinkFaults Replies { get; init; } = LinkFaults.None;

    /// <summary>Faults at known requests and replies, applied besides the random ones (<see cref="FaultScript"/>).</summary>
    public IReadOnlyList<ScriptedFault> Script { get; init; } = [];

    /// <summary>Unframed: how long the server must stay quiet, after a reply the proxy swallows, before it resets the connection (the reply is then complete).</summary>
    public TimeSpan ReplyQuiet { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// MIT 6.5840 labrpc's unreliable network on framed messages: every message delayed 0-27 ms, 10% of requests
    /// and 10% of replies lost, and with <paramref name="longReordering"/> two thirds of replies held 200-2200 ms.
    /// </summary>
    public static FaultPlan Labrpc(int seed, MessageFraming framing, bool longReordering = false)
    {
        if (framing == MessageFraming.None)
        {
            throw new ArgumentException("labrpc's faults lose single messages, so they need a framing (raw, content-length or newline)", nameof(framing));
        }

        var link = new LinkFaults { Jitter = TimeSpan.FromMilliseconds(27), Loss = 0.1 };
        return new FaultPlan
        {
            Seed = seed,
            Framing = framing,
            Requests = link,
            Replies = longReordering ? link with { LongDelay = 2.0 / 3 } : link,
        };
    }

    /// <summary>The faults of <paramref name="direction"/>.</summary>
    public LinkFaults For(RelayDirection direction) => direction == RelayDirection.ClientToServer ? Requests : Replies;
}
