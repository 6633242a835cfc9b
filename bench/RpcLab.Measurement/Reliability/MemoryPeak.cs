using System.Diagnostics;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// The highest working set of this process (client and server both run in it) while a section runs, sampled every
/// 100 ms. Dispose to stop sampling; <see cref="Mebibytes"/> is then final.
/// </summary>
internal sealed class MemoryPeak : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public MemoryPeak() => _sampling = SampleAsync(_stop.Token);

    public double Mebibytes => Interlocked.Read(ref _peak) / 1024.0 / 1024.0;

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _sampling.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        Sample();
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Sample();
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var now = process.WorkingSet64;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
