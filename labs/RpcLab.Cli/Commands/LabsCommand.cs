using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Seminar;
using Spectre.Console;

namespace RpcLab.Cli.Commands;

/// <summary><c>rpclab labs</c>: the labs, one row each (number, title, transport, goal).</summary>
public static class LabsCommand
{
    public static Command Create()
    {
        var command = new Command("labs", "List the labs.");
        command.SetAction(parseResult =>
        {
            try
            {
                return Write(Ui.Create(parseResult.InvocationConfiguration.Output));
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static int Write(IAnsiConsole console)
    {
        var table = Ui.Table(console).AddColumn("lab").AddColumn("title").AddColumn("transport").AddColumn("goal");
        foreach (var lab in LabRegistry.All)
        {
            table.AddRow(
                new Text(lab.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(lab.Title),
                new Text(lab.Transport),
                new Text(LabRegistry.LoadSheet(lab).Summary));
        }

        console.Write(table);
        console.WriteLine("Run one with: rpclab lab <number> [--out <folder>]");
        return ExitCodes.Ok;
    }
}
