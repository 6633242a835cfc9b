namespace RpcLab.Cli.Menus;

/// <summary>
/// How a menu asks its user: Spectre's prompts on a terminal (<see cref="SpectrePrompt"/>), or numbered lines read
/// from stdin when there is no terminal (<see cref="LinePrompt"/>), so scripts and tests drive the same menus. Both
/// answer null when the input has ended. One per menu session; not thread-safe.
/// </summary>
public interface IMenuPrompt
{
    /// <summary>One of <paramref name="choices"/>, or null at the end of the input.</summary>
    Task<string?> ChooseAsync(string title, IReadOnlyList<string> choices, CancellationToken cancellationToken);

    /// <summary>A line of text (<paramref name="defaultValue"/> when left empty, if there is one), or null at the end of the input.</summary>
    Task<string?> AskAsync(string question, string? defaultValue, CancellationToken cancellationToken);
}
