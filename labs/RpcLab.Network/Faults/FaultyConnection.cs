namespace RpcLab.Network.Faults;

/// <summary>
/// The fault state of one connection through a <see cref="FaultProxy"/>: a <see cref="FaultyDirection"/> per
/// direction, the framing it was accepted with, whether it went half-open, and (unframed) whose turn it is to speak,
/// which is how a burst of bytes is known to start a request or a reply. Thread-safe.
/// </summary>
internal sealed class FaultyConnection
{
    private readonly object _gate = new();
    private readonly FaultyDirection[] _directions;
    private RelayDirection? _lastSpeaker;
    private volatile bool _halfOpen;

    public FaultyConnection(FaultProxy proxy, RelayLink link)
    {
        Proxy = proxy;
        Link = link;
        var plan = proxy.Plan;
        Framing = plan.Framing;
        _directions =
        [
            new FaultyDirection(this, RelayDirection.ClientToServer, plan.Seed),
            new FaultyDirection(this, RelayDirection.ServerToClient, plan.Seed),
        ];
    }

    public FaultProxy Proxy { get; }

    public RelayLink Link { get; }

    public MessageFraming Framing { get; }

    /// <summary>Set once: from then on nothing crosses either way and the connection stays open.</summary>
    public bool IsHalfOpen => _halfOpen;

    public IRelayStage Stage(RelayDirection direction) => _directions[(int)direction];

    public void GoHalfOpen() => _halfOpen = true;

    /// <summary>Unframed: true when bytes from <paramref name="direction"/> start a new turn (the other side spoke last, or no one yet).</summary>
    public bool StartsTurn(RelayDirection direction)
    {
        lock (_gate)
        {
            var starts = _lastSpeaker != direction;
            _lastSpeaker = direction;
            return starts;
        }
    }
}
