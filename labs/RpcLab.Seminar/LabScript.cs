using System.Text.RegularExpressions;

namespace RpcLab.Seminar;

/// <summary>
/// What a sheet's "Expected output" section says to run, in the order written: each command with its expected lines
/// and the terminal it runs in. A code block whose first command is a server (<c>rpclab serve</c>,
/// <c>rpclab cluster serve</c>, <c>rpclab proxy</c>) runs in the background as that terminal; the others are client terminals. A block is named by its
/// info string (<c>```console terminal=server-a</c>); unnamed, a server's block is "server" (then "server-2", ...)
/// and the rest "client", so a sheet with one server block and one client block needs no names. Immutable.
/// </summary>
public sealed partial record LabScript(IReadOnlyList<ScriptCommand> Commands)
{
    /// <summary>The servers, in the order they start.</summary>
    public IReadOnlyList<ScriptCommand> Servers => Commands.Where(c => c.IsServer).ToList();

    /// <summary>The first server (most sheets have one).</summary>
    public ScriptCommand Server => Servers[0];

    /// <summary>The commands that run to their end, in order, with their output compared line for line.</summary>
    public IReadOnlyList<ScriptCommand> ClientSteps => Commands.Where(c => !c.IsServer).ToList();

    /// <summary>The terminals' names, servers first, each once, in the order they appear.</summary>
    public IReadOnlyList<string> Terminals =>
        Servers.Select(s => s.Terminal).Concat(ClientSteps.Select(c => c.Terminal)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Reads the commands from the section's code blocks: a line <c>$ ./rpclab ...</c> starts a command, the lines up
    /// to the next command or the end of the block are what it prints. A line <c>$ PORT=...</c> is the student's own
    /// step of copying a captured value and is not run. At least one server and one other command; every
    /// <c>$NAME</c> must be captured (<c>{NAME}</c>) by an expected line above it.
    /// </summary>
    public static LabScript Parse(string expectedOutputSection)
    {
        var commands = new List<ScriptCommand>();
        var serverTerminals = new HashSet<string>(StringComparer.Ordinal);
        string? text = null;
        var expected = new List<string>();
        var inBlock = false;
        string? named = null;
        string? terminal = null;
        var blockCommands = 0;

        void Finish()
        {
            if (text is not null)
            {
                var words = ShellWords.Split(text);
                if (words.Count < 2 || words[0] is not ("./rpclab" or "rpclab"))
                {
                    throw new FormatException($"a sheet command must start with ./rpclab: $ {text}");
                }

                var command = new ScriptCommand(text, words.Skip(1).ToList(), expected.ToList());
                blockCommands++;
                if (blockCommands == 1)
                {
                    terminal = named ?? (command.IsServer ? NextServerName(serverTerminals) : ScriptCommand.ClientTerminal);
                    if (command.IsServer && !serverTerminals.Add(terminal))
                    {
                        throw new FormatException($"two servers in the terminal '{terminal}': name each server's block (```console terminal=NAME)");
                    }
                }
                else if (command.IsServer || serverTerminals.Contains(terminal!))
                {
                    throw new FormatException($"a server's terminal shows only its server, and a server starts its own block: $ {text}");
                }

                commands.Add(command with { Terminal = terminal! });
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
                named = inBlock ? TerminalName().Match(line) is { Success: true } m ? m.Groups["name"].Value : null : null;
                blockCommands = 0;
            }
            else if (inBlock && line.StartsWith("$ ", StringComparison.Ordinal))
            {
                Finish();
                text = Assignment().IsMatch(line[2..].Trim()) ? null : line[2..].Trim();
            }
            else if (inBlock && text is not null)
            {
                expected.Add(line);
            }
        }

        // A sheet may start no server (Lab 7's commands start their own), but it must run something.
        Finish();
        if (commands.All(c => c.IsServer))
        {
            throw new FormatException("the Expected output section has no client command");
        }

        CheckCaptures(commands);
        return new LabScript(commands);
    }

    public LabScript ForTransport(string sheetTransport, string transport) =>
        new(Commands.Select(c => c.ForTransport(sheetTransport, transport)).ToList());

    // A $NAME with nothing above it to capture it would fail mid-run, after servers started; say so when the sheet loads.
    private static void CheckCaptures(IEnumerable<ScriptCommand> commands)
    {
        var captured = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            if (command.Variables.FirstOrDefault(v => !captured.Contains(v)) is { } missing)
            {
                throw new FormatException($"${missing} in '{command.Text}' is not captured by an earlier step: write {{{missing}}} in an expected line above it");
            }

            captured.UnionWith(command.Expected.SelectMany(ExpectedLine.Names));
        }
    }

    private static string NextServerName(HashSet<string> taken)
    {
        var name = "server";
        for (var i = 2; taken.Contains(name); i++)
        {
            name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"server-{i}");
        }

        return name;
    }

    [GeneratedRegex(@"\bterminal=(?<name>[A-Za-z0-9_.-]+)")]
    private static partial Regex TerminalName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=\S*$")]
    private static partial Regex Assignment();
}
