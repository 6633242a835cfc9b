using System.Globalization;
using Spectre.Console;

namespace RpcLab.Cli.Menus;

/// <summary>
/// The menus without a terminal: the choices printed numbered, then one line read from <paramref name="input"/> per
/// choice (its number or its text) and per answer (an empty line takes the default shown in brackets). The line read is
/// echoed after the prompt, so a transcript of a scripted run reads like one typed by hand.
/// </summary>
public sealed class LinePrompt(TextReader input, IAnsiConsole console) : IMenuPrompt
{
    public async Task<string?> ChooseAsync(string title, IReadOnlyList<string> choices, CancellationToken cancellationToken)
    {
        console.WriteLine(title);
        for (var i = 0; i < choices.Count; i++)
        {
            console.WriteLine($"  {i + 1}) {choices[i]}");
        }

        while (true)
        {
            var line = await ReadAsync("choice> ", cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= choices.Count)
            {
                return choices[number - 1];
            }

            var named = choices.Where(c => c.StartsWith(line, StringComparison.OrdinalIgnoreCase)).ToList();
            if (line.Length > 0 && named.Count == 1)
            {
                return named[0];
            }

            console.WriteLine($"no such choice: '{line}'; type a number from 1 to {choices.Count}");
        }
    }

    public async Task<string?> AskAsync(string question, string? defaultValue, CancellationToken cancellationToken)
    {
        var line = await ReadAsync(defaultValue is null ? $"{question} " : $"{question} [{defaultValue}] ", cancellationToken).ConfigureAwait(false);
        return line is { Length: 0 } && defaultValue is not null ? defaultValue : line;
    }

    private async Task<string?> ReadAsync(string prompt, CancellationToken cancellationToken)
    {
        console.Write(new Text(prompt));
        var line = (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
        console.WriteLine(line ?? "(end of input)");
        return line;
    }
}
