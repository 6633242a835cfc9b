using System.Text.RegularExpressions;
using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>
/// A command from a sheet's "Expected output" (<c>$ ./rpclab call echo.reverse hello --transport grpc --port 50051</c>)
/// and the lines the sheet says it prints. <see cref="Text"/> is what a student types; <see cref="Args"/> are the
/// words after <c>./rpclab</c>. Immutable.
/// </summary>
public sealed record ScriptCommand(string Text, IReadOnlyList<string> Args, IReadOnlyList<string> Expected)
{
    public bool IsServe => Args.Count > 0 && Args[0] == "serve";

    /// <summary>True when the sheet expects the command to fail (its output has an "error:" line).</summary>
    public bool ExpectsError => Expected.Any(l => l.StartsWith("error:", StringComparison.Ordinal));

    /// <summary>
    /// The same command for another transport: its <c>--transport</c> and <c>--port</c> values replaced (the
    /// port by that transport's well-known one, as a student would type it), and the old transport's name
    /// replaced in the expected lines.
    /// </summary>
    public ScriptCommand ForTransport(string sheetTransport, string transport)
    {
        if (string.Equals(sheetTransport, transport, StringComparison.OrdinalIgnoreCase))
        {
            return this;
        }

        var port = TransportRegistry.DefaultPort(transport)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var args = WithOption(WithOption(Args, "--transport", transport), "--port", port);
        var word = new Regex($@"\b{Regex.Escape(sheetTransport)}\b", RegexOptions.None, TimeSpan.FromSeconds(1));

        // A server's per-call lines name methods the way its protocol does (gRPC logs the HTTP/2 path), so
        // over another transport only the lines that name the transport itself (listening, stopped) still apply.
        var expected = IsServe ? Expected.Where(l => word.IsMatch(l)) : Expected;
        return new ScriptCommand("./rpclab " + ShellWords.Join(args), args, expected.Select(l => word.Replace(l, transport)).ToList());
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
}
