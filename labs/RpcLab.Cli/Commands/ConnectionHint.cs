using RpcLab.Composition;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Commands;

/// <summary>
/// The line <c>call</c> and <c>sync</c> print under a failure that usually means the client is not talking
/// to the server it meant to: none on that port (Unavailable), or one of another transport or framing,
/// whose bytes the client cannot read (Unavailable for JSON-RPC, Internal for gRPC's HTTP/2). The error
/// line itself stays as the transport reported it; this says what a student checks next.
/// Stateless and thread-safe.
/// </summary>
public static class ConnectionHint
{
    /// <summary>The hint for a call that failed with <paramref name="status"/>, or null when the status is not about the connection.</summary>
    public static string? For(RpcStatusCode status, IRpcTransport transport, ClientOptions options)
    {
        if (!transport.HasWire)
        {
            return null;
        }

        var where = ListeningLine.HostPort(options.Host, options.Port);
        var serve = $"rpclab serve --transport {transport.Name}{TransportOption.Format(transport, transport.CommandLineValues, o => !o.ClientOnly)} --port {options.Port}";
        return status switch
        {
            RpcStatusCode.Unavailable =>
                $"hint: is a {transport.Name} server running at {where}? Start one with: {serve} " +
                $"(a server of another {MustAgree} on that port fails like this too)",
            RpcStatusCode.Internal =>
                $"hint: if the server at {where} is not a {transport.Name} server (its first line says which transport it runs), " +
                $"call it with its --transport, or start one with: {serve}",
            _ => null,
        };
    }

    /// <summary>
    /// "--transport or --framing": what a client and a server must agree on, the transport and every transport option a
    /// client takes too (a server-only one, such as gRPC's REST port, changes nothing a client sees).
    /// </summary>
    private static string MustAgree
    {
        get
        {
            string[] options =
            [
                "--transport",
                .. TransportRegistry.All.SelectMany(t => t.CommandLineOptions).Where(o => !o.ServerOnly && !o.ClientOnly).Select(o => o.Name).Distinct(StringComparer.Ordinal),
            ];
            return options.Length == 1 ? options[0] : $"{string.Join(", ", options[..^1])} or {options[^1]}";
        }
    }
}
