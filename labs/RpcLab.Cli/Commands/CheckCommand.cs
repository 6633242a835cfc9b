using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Seminar.Checks;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab check N --server "CMD {port}"</c> (or <c>--port P</c>): runs the lab's checks against the student's own
/// server; for a lab that checks a client, <c>rpclab check N --client "CMD {dir} {port}"</c> (see <see cref="CheckRunner"/>);
/// <c>rpclab check 7 --workspace DIR</c> for a lab whose checks read files only. Exit code 0 only when every check passes.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var number = LabNumber.Create();
        var server = new Option<string?>("--server") { Description = "Your server's command line, run with /bin/sh -c; {port} is replaced by a free port (and {rest-port}, where a lab's server also serves REST, by another; {data} by a state file kept across restarts), e.g. \"dotnet run --project Server -- --port {port}\"." };
        var port = new Option<int?>("--port", "-p")
        {
            Description = "The port of your server, already running (instead of --server).",
            CustomParser = WholeNumber.Parser("--port", 1, 65535, "between 1 and 65535"),
        };
        var restPort = new Option<int?>("--rest-port")
        {
            Description = "With --port: the REST port of your running server, for a lab whose server also serves REST (Lab 3).",
            CustomParser = WholeNumber.Parser("--rest-port", 1, 65535, "between 1 and 65535"),
        };
        var client = new Option<string?>("--client")
        {
            Description = "Your client's command line, for a lab that checks a client (Lab 4), run with /bin/sh -c against RpcLab's own server: " +
                "{port} is replaced by that server's port, {dir} by the folder to sync and {interval} by the interval, e.g. \"dotnet run --project ~/lab4 -- {dir} --interval {interval} --port {port}\".",
        };
        var host = new Option<string>("--host") { Description = "Where your server listens.", DefaultValueFactory = _ => "127.0.0.1" };
        var transport = new Option<string?>("--transport", "-t") { Description = "The transport the checks speak, where the lab's checks allow several." };
        var output = new Option<string?>("--out") { Description = "Write the report (labNN-check.md) to this folder." };
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Your workspace folder, for checks that read its files (Lab 5: its init.yaml; Lab 7: its results and report.md)." };
        var clerk = new Option<string?>("--clerk") { Description = "Your client's command line, for labs whose checks run it (Lab 6: the clerk); {port} is replaced by the port to call, its arguments follow." };
        var student = StudentOption.Create();
        var command = new Command("check", "Run a lab's checks against your own server: one PASS/FAIL line per check, then the summary.");
        command.Arguments.Add(number);
        command.Options.Add(server);
        command.Options.Add(port);
        command.Options.Add(restPort);
        command.Options.Add(client);
        command.Options.Add(host);
        command.Options.Add(transport);
        command.Options.Add(output);
        command.Options.Add(workspace);
        command.Options.Add(clerk);
        command.Options.Add(student);
        command.Validators.Add(result =>
        {
            // At most one; none is for the runner to judge, which knows whether the lab's checks need a server at all (Lab 7's read files).
            if (new[] { result.GetResult(server), result.GetResult(port), result.GetResult(client) }.Count(r => r is not null) > 1)
            {
                result.AddError("give one of --server \"CMD {port}\" (rpclab starts your server), --port P (your server is already running) " +
                    "or --client \"CMD {dir} {port}\" (a lab that checks your client), not several");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (await LabNumber.FindAsync(parseResult.GetValue(number), error).ConfigureAwait(false) is not { } sheet)
            {
                return ExitCodes.Failed;
            }

            var options = new CheckOptions(parseResult.GetValue(server), parseResult.GetValue(port), "rpclab " + string.Join(' ', parseResult.Tokens.Select(t => t.Value)))
            {
                Host = parseResult.GetValue(host)!,
                RestPort = parseResult.GetValue(restPort),
                ClientCommand = parseResult.GetValue(client),
                Transport = parseResult.GetValue(transport),
                Student = parseResult.GetValue(student)!,
                OutDirectory = parseResult.GetValue(output),
                Workspace = parseResult.GetValue(workspace) is { } folder ? Path.GetFullPath(folder) : null,
                ClerkCommand = parseResult.GetValue(clerk),
            };
            try
            {
                var run = await new CheckRunner(Ui.Create(parseResult.InvocationConfiguration.Output)).RunAsync(sheet, options, cancellationToken).ConfigureAwait(false);
                return run.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("check interrupted; your server was stopped").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
