using System.Collections.Concurrent;
using RpcLab.Composition;
using RpcLab.Measurement.Results;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Bench.Harness;

/// <summary>
/// The transports a benchmark runs over, from the registry, so a transport that is added later joins every
/// category with no change here. The in-process transport (the registry's transport without a wire) comes
/// first: it is each category's baseline. A transport that cannot make a benchmark's call (it answers
/// Unimplemented, such as client streaming over REST) is left out of that benchmark and noted with its
/// reason in <see cref="Skipped"/>; any other failure is not hidden (the benchmark runs and fails).
/// Thread-safe.
/// </summary>
public static class BenchTransports
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Probed = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<RunNote> SkippedNotes = new();

    /// <summary>The in-process baseline.</summary>
    public static IRpcTransport Baseline { get; } = TransportRegistry.All.First(t => !t.HasWire);

    /// <summary>Names of the transports (in registry order) that the thread-scaling category compares with the baseline; set from the command line.</summary>
    public static IReadOnlyList<string> ScalingOver { get; set; } = [];

    /// <summary>What the probes left out, and why.</summary>
    public static IReadOnlyList<RunNote> Skipped => [.. SkippedNotes];

    public static IRpcTransport Get(string name) => TransportRegistry.Get(name);

    /// <summary>
    /// The baseline's name, then every transport with a wire (or, given <paramref name="among"/>, those of them
    /// named there) on which <paramref name="probe"/> does not answer Unimplemented. Probed once per
    /// <paramref name="benchmark"/> and process, each on a server of its own.
    /// </summary>
    public static IReadOnlyList<string> Able(string benchmark, Func<ServiceSet, Task> probe, IReadOnlyList<string>? among = null) =>
        Probed.GetOrAdd(benchmark, _ =>
        {
            var names = new List<string> { Baseline.Name };
            foreach (var transport in TransportRegistry.All.Where(t => t.HasWire && (among is null || among.Contains(t.Name, StringComparer.OrdinalIgnoreCase))))
            {
                if (Unimplemented(transport, probe) is { } reason)
                {
                    SkippedNotes.Enqueue(new RunNote($"{benchmark} over {transport.Name}", reason));
                    Console.WriteLine($"// skipped {benchmark} over {transport.Name}: {reason}");
                }
                else
                {
                    names.Add(transport.Name);
                }
            }

            return names;
        });

    private static string? Unimplemented(IRpcTransport transport, Func<ServiceSet, Task> probe)
    {
        try
        {
            var server = BenchServer.StartAsync(transport).GetAwaiter().GetResult();
            try
            {
                probe(server.Services).WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
                return null;
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (RpcException e) when (e.Status == RpcStatusCode.Unimplemented)
        {
            return $"Unimplemented: {e.Detail}";
        }
    }
}
