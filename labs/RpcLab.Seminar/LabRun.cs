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

    /// <summary>
    /// A terminal as the student would see it: each command as typed after <c>$ </c>, then its output; before the first
    /// command that uses a <c>$NAME</c>, the <c>$ NAME=value</c> the student types to set it.
    /// </summary>
    public IReadOnlyList<string> Terminal(string name)
    {
        var lines = Servers.Where(s => s.Command.Terminal == name).SelectMany(s => s.Output.Prepend("$ " + s.Command.Text)).ToList();
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in Steps.Where(s => s.Step.Terminal == name))
        {
            foreach (var variable in step.Step.Variables.Where(v => Captures.ContainsKey(v) && set.Add(v)))
            {
                lines.Add($"$ {variable}={Captures[variable]}");
            }

            lines.Add("$ " + step.Step.Text);
            lines.AddRange(step.Output);
        }

        return lines;
    }

    /// <summary>The server running in terminal <paramref name="name"/>, or null for a client terminal.</summary>
    public ServerResult? ServerIn(string name) => Servers.FirstOrDefault(s => s.Command.Terminal == name);
}
