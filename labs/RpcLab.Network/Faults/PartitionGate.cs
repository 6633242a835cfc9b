using System.Diagnostics;

namespace RpcLab.Network.Faults;

/// <summary>
/// The partition of a whole proxy: while it lasts no write crosses on any connection, either way; the bytes wait in
/// their direction's queue and cross when it heals, as TCP's retransmissions would deliver them. Thread-safe.
/// </summary>
internal sealed class PartitionGate
{
    // How often a held write looks again: a heal earlier than planned is seen within this.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    private long _until;

    /// <summary>True while partitioned.</summary>
    public bool IsClosed => Stopwatch.GetTimestamp() < Volatile.Read(ref _until);

    /// <summary>Partitions from now for <paramref name="duration"/> (a longer partition already running is kept).</summary>
    public void Close(TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long seen;
        do
        {
            seen = Volatile.Read(ref _until);
            if (seen >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _until, until, seen) != seen);
    }

    /// <summary>Heals now.</summary>
    public void Open() => Volatile.Write(ref _until, 0);

    /// <summary>Returns once the partition has healed (at once when there is none).</summary>
    public async ValueTask WaitOpenAsync(CancellationToken cancellationToken)
    {
        while (IsClosed)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
