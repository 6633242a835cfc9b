using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Seminar;
using Spectre.Console;

namespace RpcLab.Cli.Commands;

/// <summary><c>rpclab labs</c>: the labs found in the sheets folder, one row each (number, title, transports, checks, goal).</summary>
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
        var table = Ui.Table(console).AddColumn("lab").AddColumn("title").AddColumn("transports").AddColumn("checks").AddColumn("goal");
        foreach (var sheet in LabCatalog.All)
        {
            table.AddRow(
                new Text(sheet.Lab.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(sheet.Lab.Title),
                new Text(string.Join(", ", sheet.Lab.Transports)),
                new Text(sheet.Lab.Checks ?? "-"),
                new Text(sheet.Summary));
        }

        console.Write(table);
        console.WriteLine("Run one with: rpclab lab <number> [--transport <one of its transports>] [--out <folder>]");
        return ExitCodes.Ok;
    }
}
