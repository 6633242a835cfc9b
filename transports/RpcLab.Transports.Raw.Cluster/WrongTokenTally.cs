namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One address's wrong-token attempts since its last log line, and the timer that writes the next one a minute later
/// (see <see cref="TokenGate"/>). Not thread-safe: the gate's lock guards it.
/// </summary>
internal sealed class WrongTokenTally(ITimer timer)
{
    public ITimer Timer { get; } = timer;

    /// <summary>Attempts whose token was compared and wrong.</summary>
    public int Wrong { get; set; }

    /// <summary>Attempts refused without a compare: the address had used up its wrong attempts.</summary>
    public int Refused { get; set; }

    public int Total => Wrong + Refused;
}
