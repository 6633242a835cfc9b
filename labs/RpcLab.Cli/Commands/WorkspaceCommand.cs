using System.CommandLine;
using RpcLab.Seminar;
using RpcLab.Seminar.Workspaces;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab workspace N DIR</c>: writes lab N's starter project into DIR (see <see cref="WorkspaceWriter"/>), one
/// line per file, "wrote" or "kept": a file already there is never overwritten, so running it again is safe.
/// Exit code 0 when the workspace is complete, 1 when it could not be written.
/// </summary>
public static class WorkspaceCommand
{
    public static Command Create()
    {
        var number = new Argument<int>("number")
        {
            Description = "The lab's number (see: rpclab labs).",
            CustomParser = WholeNumber.RequiredParser("the lab's number", 1, int.MaxValue, "a whole number like 1 (see: rpclab labs)"),
        };
        var folder = new Argument<string>("folder") { Description = "Where to write the workspace (created when missing; existing files are kept)." };

        var command = new Command("workspace", "Write a lab's starter project (your own server and client) into a folder.");
        command.Arguments.Add(number);
        command.Arguments.Add(folder);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var lab = parseResult.GetValue(number);
            if (LabCatalog.Find(lab) is null)
            {
                await error.WriteLineAsync($"error: there is no lab {lab}; the labs are {string.Join(", ", LabCatalog.All.Select(l => l.Lab.Number))} (see: rpclab labs)").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var target = Path.GetFullPath(parseResult.GetValue(folder)!);
            try
            {
                var files = WorkspaceWriter.Write(lab, target);
                foreach (var file in files)
                {
                    await output.WriteLineAsync(file.Written ? $"wrote {file.RelativePath}" : $"kept  {file.RelativePath} (already there)").ConfigureAwait(false);
                }

                // Lab 7's workspace is results and a report: nothing to build.
                var builds = files.Any(f => f.RelativePath.EndsWith(".csproj", StringComparison.Ordinal) || f.RelativePath.EndsWith(".slnx", StringComparison.Ordinal));
                await output.WriteLineAsync(builds
                    ? $"Lab {lab} workspace in {target}: cd there and run `dotnet build`; its README.md has the commands."
                    : $"Lab {lab} workspace in {target}: its README.md has the commands.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is WorkspaceException or IOException or UnauthorizedAccessException or System.Xml.XmlException)
            {
                await error.WriteLineAsync($"error: lab {lab}'s workspace could not be written to {target}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
