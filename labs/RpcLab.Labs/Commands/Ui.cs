using Spectre.Console;

namespace RpcLab.Labs.Commands;

/// <summary>
/// A Spectre console over a command's output writer. Colour and ANSI codes only when that writer is a
/// terminal, so redirected output, CI logs and tests get plain text. Not thread-safe; one per command.
/// </summary>
public static class Ui
{
    public static IAnsiConsole Create(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>A table border that survives any font and log viewer when not on a terminal.</summary>
    public static Table Table(IAnsiConsole console) =>
        new Table().Border(console.Profile.Capabilities.Ansi ? TableBorder.Rounded : TableBorder.Ascii2);
}
