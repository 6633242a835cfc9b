using Spectre.Console;

namespace RpcLab.Cli.Menus;

/// <summary>
/// The menus on a terminal: a <see cref="SelectionPrompt{T}"/> (arrows and Enter, or type to search) for the choice, a
/// <see cref="TextPrompt{T}"/> for each answer. Needs an interactive console (a terminal on both stdin and stdout).
/// </summary>
public sealed class SpectrePrompt(IAnsiConsole console) : IMenuPrompt
{
    public async Task<string?> ChooseAsync(string title, IReadOnlyList<string> choices, CancellationToken cancellationToken) =>
        await new SelectionPrompt<string>()
            .Title(Markup.Escape(title))
            .PageSize(Math.Max(3, choices.Count))
            .EnableSearch()
            .UseConverter(Markup.Escape)
            .AddChoices(choices)
            .ShowAsync(console, cancellationToken)
            .ConfigureAwait(false);

    public async Task<string?> AskAsync(string question, string? defaultValue, CancellationToken cancellationToken)
    {
        var prompt = new TextPrompt<string>(Markup.Escape(question));
        if (defaultValue is not null)
        {
            prompt.DefaultValue(defaultValue).AllowEmpty();
        }

        var answer = await prompt.ShowAsync(console, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(answer) && defaultValue is not null ? defaultValue : answer;
    }
}
