namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One address's wrong-token state (see <see cref="TokenGate"/>): its bucket of wrong attempts left, its counts since
/// its last log line, and the timer that writes the next line. Not thread-safe: the gate's lock guards it.
/// </summary>
internal sealed class WrongTokenTally(double tokens, long refilledAt, ITimer timer)
{
    public ITimer Timer { get; } = timer;

    /// <summary>Wrong attempts the address may still make; a fraction refills continuously.</summary>
    public double Tokens { get; set; } = tokens;

    /// <summary>When <see cref="Tokens"/> was last brought up to date (a <see cref="TimeProvider"/> timestamp).</summary>
    public long RefilledAt { get; set; } = refilledAt;

    /// <summary>Attempts since the last log line whose token was compared and wrong.</summary>
    public int Wrong { get; set; }

    /// <summary>Attempts since the last log line refused without a compare: the bucket was empty.</summary>
    public int Refused { get; set; }

    public int Total => Wrong + Refused;
}
