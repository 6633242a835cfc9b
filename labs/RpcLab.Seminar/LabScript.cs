namespace RpcLab.Seminar;

/// <summary>
/// What a sheet's "Expected output" section says to run: the server's command (in the server terminal)
/// and the client's commands (in the client terminal), each with its expected lines. Immutable.
/// </summary>
public sealed record LabScript(ScriptCommand Server, IReadOnlyList<ScriptCommand> ClientSteps)
{
    /// <summary>
    /// Reads the commands from the section's code blocks: a line <c>$ ./rpclab ...</c> starts a command, the
    /// lines up to the next command or the end of the block are what it prints. Exactly one command must be
    /// <c>serve</c>; the others are the client's steps, in order.
    /// </summary>
    public static LabScript Parse(string expectedOutputSection)
    {
        var commands = new List<ScriptCommand>();
        string? text = null;
        var expected = new List<string>();
        var inBlock = false;

        void Finish()
        {
            if (text is not null)
            {
                var words = ShellWords.Split(text);
                if (words.Count < 2 || words[0] is not ("./rpclab" or "rpclab"))
                {
                    throw new FormatException($"a sheet command must start with ./rpclab: $ {text}");
                }

                commands.Add(new ScriptCommand(text, words.Skip(1).ToList(), expected.ToList()));
            }

            text = null;
            expected.Clear();
        }

        foreach (var line in expectedOutputSection.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                Finish();
                inBlock = !inBlock;
            }
            else if (inBlock && line.StartsWith("$ ", StringComparison.Ordinal))
            {
                Finish();
                text = line[2..].Trim();
            }
            else if (inBlock && text is not null)
            {
                expected.Add(line);
            }
        }

        Finish();
        var servers = commands.Where(c => c.IsServe).ToList();
        if (servers.Count != 1)
        {
            throw new FormatException($"the Expected output section must have exactly one '$ ./rpclab serve' command; it has {servers.Count}");
        }

        var steps = commands.Where(c => !c.IsServe).ToList();
        if (steps.Count == 0)
        {
            throw new FormatException("the Expected output section has no client command");
        }

        return new LabScript(servers[0], steps);
    }

    public LabScript ForTransport(string sheetTransport, string transport) =>
        new(Server.ForTransport(sheetTransport, transport), ClientSteps.Select(s => s.ForTransport(sheetTransport, transport)).ToList());
}
