using Spectre.Console;

namespace RpcLab.Composition;

/// <summary>
/// A Spectre console over a command's output writer. Colour and ANSI codes only when that writer is a
/// terminal, so redirected output, CI logs and tests get plain text. Not thread-safe; one per command.
/// </summary>
public static class Ui
{
    public static IAnsiConsole Create(TextWriter writer)
    {
        var terminal = IsTerminal(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // A log or a file has no width; wrapping at Spectre's default 80 would break lines that
            // scripts and graders read (the listening line, a JSON result) in the middle.
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }

    /// <summary>Wide enough that nothing RpcLab prints wraps when the output is not a terminal.</summary>
    public const int UnwrappedWidth = 4096;

    public static bool IsTerminal(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>A section heading: a rule across a terminal; a short underlined line in a log, whose width is unknown.</summary>
    public static void Heading(IAnsiConsole console, string text, bool major = false)
    {
        if (console.Profile.Width < UnwrappedWidth)
        {
            var rule = new Rule(Markup.Escape(text)).LeftJustified();
            console.Write(major ? rule.DoubleBorder() : rule);
            return;
        }

        var line = major ? '=' : '-';
        console.Write(new Text($"{line}{line} {text} {new string(line, Math.Max(3, 76 - text.Length))}\n"));
    }

    /// <summary>A table border that survives any font and log viewer when not on a terminal.</summary>
    public static Table Table(IAnsiConsole console) =>
        new Table().Border(console.Profile.Capabilities.Ansi ? TableBorder.Rounded : TableBorder.Ascii2);
}
