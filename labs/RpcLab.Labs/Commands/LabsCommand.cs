using System.CommandLine;
using RpcLab.Labs.Seminar;
using Spectre.Console;

namespace RpcLab.Labs.Commands;

/// <summary><c>rpclab labs</c>: the labs, one row each (number, title, transport, goal).</summary>
public static class LabsCommand
{
    public static Command Create()
    {
        var command = new Command("labs", "List the labs.");
        command.SetAction(parseResult =>
        {
            var console = Ui.Create(parseResult.InvocationConfiguration.Output);
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
        });
        return command;
    }
}
