using System.CommandLine;
using RpcLab.Measurement.Reports;
using RpcLab.Measurement.Results;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab report</c>: renders reports/README.md and its SVG charts from the results of <c>rpclab bench</c>
/// (see <see cref="ReportGenerator"/>). Exit code 1 when the results are missing or do not parse.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var results = new Option<string>("--results") { Description = "The results folder (load.csv, h2load.csv, micro.csv and their .json).", DefaultValueFactory = _ => Path.Combine("reports", ResultsFiles.Folder) };
        var output = new Option<string>("--out", "-o") { Description = "The report folder: README.md and charts/ go there.", DefaultValueFactory = _ => "reports" };
        var command = new Command("report", "Render the benchmark report (README.md with tables and SVG charts) from the results of rpclab bench.");
        command.Options.Add(results);
        command.Options.Add(output);
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var written = ReportGenerator.Generate(parseResult.GetValue(results)!, parseResult.GetValue(output)!);
                parseResult.InvocationConfiguration.Output.WriteLine($"report written: {string.Join(", ", written.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f)))}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is FormatException or FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
