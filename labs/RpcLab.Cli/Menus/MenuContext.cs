using RpcLab.Services.Contracts;
using Spectre.Console;

namespace RpcLab.Cli.Menus;

/// <summary>
/// What a menu's actions share: the console they print to, the error writer, the prompt, whether progress bars can be
/// drawn (a terminal), and the services of the connected client. One per menu session; not thread-safe.
/// </summary>
public sealed class MenuContext(IAnsiConsole console, TextWriter error, IMenuPrompt prompt, bool interactive, ServiceSet services)
{
    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public bool Interactive { get; } = interactive;

    public ServiceSet Services { get; } = services;

    public Task<string?> ChooseAsync(string title, IReadOnlyList<string> choices, CancellationToken cancellationToken) =>
        prompt.ChooseAsync(title, choices, cancellationToken);

    /// <summary>An answer; the end of the input ends the menu (<see cref="EndOfStreamException"/>, which <see cref="MenuLoop"/> takes as quit).</summary>
    public async Task<string> AskAsync(string question, CancellationToken cancellationToken, string? defaultValue = null) =>
        await prompt.AskAsync(question, defaultValue, cancellationToken).ConfigureAwait(false) ?? throw new EndOfStreamException();

    /// <summary>A line of output as plain text (no markup is read in it).</summary>
    public void Say(string text) => Console.WriteLine(text);
}
