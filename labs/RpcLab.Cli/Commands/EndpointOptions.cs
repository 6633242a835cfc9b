using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Commands;

/// <summary>
/// The options every networked verb shares: <c>--transport</c>, <c>--host</c>, <c>--port</c>, and the options transports
/// declare for themselves (<see cref="IRpcTransport.CommandLineOptions"/>), each refused with a transport that does not
/// declare it. Create one per command (System.CommandLine options belong to the command they are added to).
/// </summary>
public sealed class EndpointOptions
{
    private readonly TransportOwnOptions _transportOptions;

    public Option<string> Transport { get; } = new("--transport", "-t")
    {
        Description = $"The RPC transport: {string.Join(", ", TransportRegistry.Names)}.",
        DefaultValueFactory = _ => TransportRegistry.Default.Name,
    };

    public Option<string> Host { get; } = new("--host")
    {
        Description = "The address to listen on or connect to. A server takes localhost (127.0.0.1 and ::1), an IP address, * (every interface, IPv4 and IPv6) or a host name.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<int?> Port { get; } = new("--port", "-p")
    {
        Description = $"The port (default: the transport's well-known port, {TransportRegistry.DefaultPortList}; 0 = any free port).",
        CustomParser = WholeNumber.Parser("--port", 0, 65535, "between 0 and 65535"),
    };

    /// <summary>The shared options, and every registered transport's own, for one command.</summary>
    /// <param name="server">
    /// True for <c>serve</c>, which takes the options only a server has a use for (<see cref="TransportOption.ServerOnly"/>)
    /// and not those only a client has (<see cref="TransportOption.ClientOnly"/>).
    /// </param>
    public EndpointOptions(bool server = false)
    {
        Transport.AcceptOnlyFromAmong([.. TransportRegistry.Names]);
        _transportOptions = new TransportOwnOptions(Transport, option => server ? !option.ClientOnly : !option.ServerOnly);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Transport);
        command.Options.Add(Host);
        command.Options.Add(Port);
        _transportOptions.AddTo(command);
    }

    /// <summary>The transport named by <c>--transport</c>, configured with the transport options given.</summary>
    public IRpcTransport GetTransport(ParseResult parseResult) =>
        _transportOptions.Configure(parseResult, TransportRegistry.Get(parseResult.GetValue(Transport)!));

    public string GetHost(ParseResult parseResult) => parseResult.GetValue(Host)!;

    /// <summary>The port given, else the transport's well-known one, else 0.</summary>
    public int GetPort(ParseResult parseResult) =>
        parseResult.GetValue(Port) ?? TransportRegistry.DefaultPort(parseResult.GetValue(Transport)!) ?? 0;

    /// <summary>The port given, else <paramref name="transport"/>'s well-known one (an original contract's own port), else 0.</summary>
    public int GetPort(ParseResult parseResult, IRpcTransport transport) =>
        parseResult.GetValue(Port) ?? transport.DefaultPort ?? 0;
}
