using System.CommandLine;
using RpcLab.Measurement.Reliability;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab reliability [--quick] [--section NAME] [--out reports]</c>: every server held to the reliability goals under
/// hostile input and load (see <see cref="ReliabilityRun"/>), written to reliability.md and reliability.csv. Exit code 0
/// when every goal is met, 1 when one is missed (the report and the last line say which).
/// </summary>
public static class ReliabilityCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "The quick run CI makes (under two minutes): fewer inputs, calls and connections." };
        var section = new Option<string[]>("--section")
        {
            Description = $"Run only these sections: {string.Join(", ", ReliabilitySettings.SectionNames)} (default: all).",
            AllowMultipleArgumentsPerToken = true,
        };
        section.AcceptOnlyFromAmong([.. ReliabilitySettings.SectionNames]);
        var seed = new Option<int>("--seed") { Description = "The seed of the mutations, to replay a run.", DefaultValueFactory = _ => new ReliabilitySettings().Seed };
        var output = new Option<string>("--out", "-o") { Description = "The folder reliability.md and reliability.csv go to.", DefaultValueFactory = _ => "reports" };
        var command = new Command("reliability", "Hold every server to the reliability goals (mutated input, checked calls, idle and slowloris connections, path tricks) and write reports/reliability.md.");
        command.Options.Add(quick);
        command.Options.Add(section);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var log = parseResult.InvocationConfiguration.Output;
            var sections = parseResult.GetValue(section) is { Length: > 0 } chosen ? chosen : ReliabilitySettings.SectionNames;
            var settings = new ReliabilitySettings { Quick = parseResult.GetValue(quick), Sections = sections, Seed = parseResult.GetValue(seed) };
            var run = await ReliabilityRun.RunAsync(settings, log, cancellationToken).ConfigureAwait(false);
            var path = await run.WriteAsync(parseResult.GetValue(output)!, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"report written: {Path.GetRelativePath(Environment.CurrentDirectory, path)}").ConfigureAwait(false);
            var missed = run.Figures.Where(f => !f.Met).ToList();
            foreach (var figure in missed)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"goal missed: {figure.Section} {figure.Subject} {figure.Name} = {figure.ValueText} (goal {figure.GoalText})").ConfigureAwait(false);
            }

            return missed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
