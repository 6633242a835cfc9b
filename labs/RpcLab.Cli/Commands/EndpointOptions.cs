using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Commands;

/// <summary>
/// The options every networked verb shares: <c>--transport</c>, <c>--host</c>, <c>--port</c>. Create one
/// per command (System.CommandLine options belong to the command they are added to).
/// </summary>
public sealed class EndpointOptions
{
    public Option<string> Transport { get; } = new("--transport", "-t")
    {
        Description = $"The RPC transport: {string.Join(", ", TransportRegistry.Names)}.",
        DefaultValueFactory = _ => "grpc",
    };

    public Option<string> Host { get; } = new("--host")
    {
        Description = "The address to listen on or connect to.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<int?> Port { get; } = new("--port", "-p")
    {
        Description = $"The port (default: the transport's well-known port, {TransportRegistry.DefaultPortList}; 0 = any free port).",
        CustomParser = WholeNumber.Parser("--port", 0, 65535, "between 0 and 65535"),
    };

    public Option<string?> Framing { get; } = new("--framing")
    {
        Description = "jsonrpc only: content-length (the default, as vscode-jsonrpc and StreamJsonRpc frame) or newline (one message per line, for nc).",
    };

    public EndpointOptions()
    {
        Transport.AcceptOnlyFromAmong([.. TransportRegistry.Names]);
        Framing.AcceptOnlyFromAmong("content-length", "newline");
        Framing.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not null
                && !string.Equals(result.GetResult(Transport)?.GetValueOrDefault<string>(), "jsonrpc", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError("--framing applies to --transport jsonrpc only");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Transport);
        command.Options.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(Framing);
    }

    public IRpcTransport GetTransport(ParseResult parseResult) =>
        TransportRegistry.Get(parseResult.GetValue(Transport)!, parseResult.GetValue(Framing));

    public string GetHost(ParseResult parseResult) => parseResult.GetValue(Host)!;

    /// <summary>The port given, else the transport's well-known one, else 0.</summary>
    public int GetPort(ParseResult parseResult) =>
        parseResult.GetValue(Port) ?? TransportRegistry.DefaultPort(parseResult.GetValue(Transport)!) ?? 0;

    /// <summary>The port given, else <paramref name="transport"/>'s well-known one (an original contract's own port), else 0.</summary>
    public int GetPort(ParseResult parseResult, IRpcTransport transport) =>
        parseResult.GetValue(Port) ?? transport.DefaultPort ?? 0;
}
