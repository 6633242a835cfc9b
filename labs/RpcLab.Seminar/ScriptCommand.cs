using System.Text.RegularExpressions;
using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>
/// A command from a sheet's "Expected output" (<c>$ ./rpclab call echo.reverse hello --transport grpc --port 50051</c>)
/// and the lines the sheet says it prints. <see cref="Text"/> is what a student types; <see cref="Args"/> are the
/// words after <c>./rpclab</c>; <see cref="Terminal"/> is the terminal the sheet shows it in. Immutable.
/// </summary>
public sealed partial record ScriptCommand(string Text, IReadOnlyList<string> Args, IReadOnlyList<string> Expected, string Terminal = ScriptCommand.ClientTerminal)
{
    /// <summary>The name of the terminal a sheet's commands run in unless its code block names another.</summary>
    public const string ClientTerminal = "client";

    /// <summary>
    /// A command that runs until stopped: <c>serve</c> (not <c>serve --list</c>, which prints and exits),
    /// <c>cluster serve</c> or <c>proxy</c>. The runner starts it in the background and stops it at the end, as Ctrl+C would.
    /// </summary>
    public bool IsServer =>
        (Args.Count > 0 && Args[0] == "serve" && !Args.Contains("--list")) || (Args.Count > 1 && Args[0] == "cluster" && Args[1] == "serve")
        || (Args.Count > 0 && Args[0] == "proxy");

    /// <summary>The <c>$NAME</c> variables the command uses (captured by an earlier step's <c>{NAME}</c>).</summary>
    public IReadOnlyList<string> Variables =>
        Args.SelectMany(a => Variable().Matches(a)).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The words to run, each <c>$NAME</c> or <c>${NAME}</c> replaced by its captured value, as the student's shell does.</summary>
    public IReadOnlyList<string> ArgsWith(IReadOnlyDictionary<string, string> captures) =>
        Args.Select(a => Variable().Replace(a, m => captures.TryGetValue(m.Groups["name"].Value, out var value)
            ? value
            : throw new FormatException($"${m.Groups["name"].Value} in '{Text}' is not captured by an earlier step: write {{{m.Groups["name"].Value}}} in an expected line above it"))).ToList();

    /// <summary>True when the sheet expects the command to fail (its output has an "error:" line).</summary>
    public bool ExpectsError => Expected.Any(l => l.StartsWith("error:", StringComparison.Ordinal));

    /// <summary>
    /// The same command for another transport: its <c>--transport</c> and <c>--port</c> values replaced (a fixed
    /// port by that transport's well-known one, as a student would type it; <c>0</c> and <c>$PORT</c> kept, since
    /// they mean the same on every transport), and the old transport's name replaced in the expected lines.
    /// </summary>
    public ScriptCommand ForTransport(string sheetTransport, string transport)
    {
        if (string.Equals(sheetTransport, transport, StringComparison.OrdinalIgnoreCase))
        {
            return this;
        }

        var args = WithOption(Args, "--transport", transport);
        if (OptionValue(Args, "--port") is { } written && written != "0" && !written.StartsWith('$'))
        {
            args = WithOption(args, "--port", TransportRegistry.DefaultPort(transport)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var word = new Regex($@"\b{Regex.Escape(sheetTransport)}\b", RegexOptions.None, TimeSpan.FromSeconds(1));

        // A server's per-call lines name methods the way its protocol does (gRPC logs the HTTP/2 path), so
        // over another transport only the lines that name the transport itself (listening, stopped) still apply.
        var expected = IsServer ? Expected.Where(l => word.IsMatch(l)) : Expected;
        return new ScriptCommand("./rpclab " + ShellWords.Join(args), args, expected.Select(l => word.Replace(l, transport)).ToList(), Terminal);
    }

    /// <summary>The value after <paramref name="option"/>, or null when the command does not give it.</summary>
    public static string? OptionValue(IReadOnlyList<string> args, string option)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == option)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    /// <summary>The words to run: <paramref name="option"/>'s value replaced (or the option added); removed when <paramref name="value"/> is null.</summary>
    public static IReadOnlyList<string> WithOption(IReadOnlyList<string> args, string option, string? value)
    {
        var result = new List<string>();
        var found = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == option && i + 1 < args.Count)
            {
                found = true;
                i++;
                if (value is not null)
                {
                    result.Add(option);
                    result.Add(value);
                }
            }
            else
            {
                result.Add(args[i]);
            }
        }

        if (!found && value is not null)
        {
            result.Add(option);
            result.Add(value);
        }

        return result;
    }

    [GeneratedRegex(@"\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
