using System.CommandLine;
using System.Globalization;
using RpcLab.Cli.Faults;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab faults [--out reports] [--transport T|all] [--deadline MS]</c>: what each transport does about each fault
/// (<see cref="FaultMatrix"/>), written as faults.md and faults.csv into the output folder. Exit code 0 when written,
/// 1 when a server or the proxy could not start or the folder cannot be written.
/// </summary>
public static class FaultsCommand
{
    private const string All = "all";

    public static Command Create()
    {
        var wired = TransportRegistry.All.Where(t => t.HasWire).Select(t => t.Name).ToArray();
        var output = new Option<string>("--out", "-o") { Description = "The folder of faults.md and faults.csv.", DefaultValueFactory = _ => "reports" };
        var transport = new Option<string>("--transport", "-t") { Description = $"One transport or all: {string.Join(", ", wired)}, {All}.", DefaultValueFactory = _ => All };
        transport.AcceptOnlyFromAmong([.. wired, All]);
        var deadline = new Option<int>("--deadline")
        {
            Description = "Each call's deadline in milliseconds (the partition lasts 3 s, longer).",
            DefaultValueFactory = _ => 2000,
            CustomParser = WholeNumber.RequiredParser("--deadline", 100, 2900, "between 100 and 2900 milliseconds (below the 3 s partition)"),
        };
        var command = new Command("faults", "Run lost request, lost reply, partition, reset and slow link under every transport through the fault proxy, and write the table.")
        {
            output, transport, deadline,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(transport)!;
            var transports = name == All ? TransportRegistry.All.Where(t => t.HasWire).ToList() : [TransportRegistry.Get(name)];
            var ms = parseResult.GetValue(deadline);
            var line = $"rpclab faults --out {parseResult.GetValue(output)}" + (name == All ? string.Empty : $" --transport {name}") + (ms == 2000 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" --deadline {ms}"));
            return await RunAsync(transports, TimeSpan.FromMilliseconds(ms), parseResult.GetValue(output)!, line, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<IRpcTransport> transports, TimeSpan deadline, string folder, string commandLine, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transports);
        var outcomes = new List<FaultOutcome>();
        try
        {
            foreach (var transport in transports)
            {
                outcomes.AddRange(await FaultMatrix.RunAsync(
                    transport,
                    deadline,
                    o => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.Transport,-8} {o.Fault,-13} {o.Status,-17} {o.Elapsed.TotalMilliseconds,7:0} ms  ran {o.HandlerRuns}")),
                    cancellationToken).ConfigureAwait(false));
            }

            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "faults.md"), FaultMatrix.Markdown(outcomes, deadline, commandLine), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, "faults.csv"), FaultMatrix.Csv(outcomes), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        output.WriteLine($"written: {Path.Combine(folder, "faults.md")}, {Path.Combine(folder, "faults.csv")}");
        return ExitCodes.Ok;
    }
}
