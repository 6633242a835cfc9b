using RpcLab.Composition;
using Spectre.Console;

namespace RpcLab.Seminar;

/// <summary>Shows sheet sections on a console: a rule per heading, prose as written, code blocks indented. Markup in the sheet is never interpreted.</summary>
public static class SheetPrinter
{
    public static void Print(IAnsiConsole console, string heading, string body)
    {
        console.WriteLine();
        Ui.Heading(console, heading);
        var inCode = false;
        foreach (var line in body.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            console.Write(inCode ? new Text("    " + line + "\n", new Style(Color.Grey)) : new Text(line + "\n"));
        }
    }
}
