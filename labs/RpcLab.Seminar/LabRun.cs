namespace RpcLab.Seminar;

/// <summary>Everything a lab run produced, for the screen and the transcripts. Immutable.</summary>
public sealed record LabRun(
    LabSheet Sheet,
    string Transport,
    LabScript Script,
    IReadOnlyList<ServerResult> Servers,
    IReadOnlyList<StepResult> Steps,
    IReadOnlyDictionary<string, string> Captures,
    string Student,
    DateTimeOffset StartedAt)
{
    public LabFrontMatter Lab => Sheet.Lab;

    public bool Passed => Servers.All(s => s.Passed) && Steps.All(s => s.Passed);

    /// <summary>A terminal as the student would see it: each command as typed after <c>$ </c>, then its output.</summary>
    public IReadOnlyList<string> Terminal(string name) =>
        Servers.Where(s => s.Command.Terminal == name).SelectMany(s => s.Output.Prepend("$ " + s.Command.Text))
            .Concat(Steps.Where(s => s.Step.Terminal == name).SelectMany(s => s.Output.Prepend("$ " + s.Step.Text)))
            .ToList();

    /// <summary>The server running in terminal <paramref name="name"/>, or null for a client terminal.</summary>
    public ServerResult? ServerIn(string name) => Servers.FirstOrDefault(s => s.Command.Terminal == name);
}
