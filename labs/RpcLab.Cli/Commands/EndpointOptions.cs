using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
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
    private readonly IReadOnlyList<(Option Option, Func<ParseResult, string?> Read)> _transportOptions;

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
        _transportOptions =
        [
            .. TransportRegistry.All
                .SelectMany(transport => transport.CommandLineOptions.Select(option => (transport, option)))
                .Where(declared => server ? !declared.option.ClientOnly : !declared.option.ServerOnly)
                .OrderBy(declared => declared.option.ServerOnly)
                .GroupBy(declared => declared.option.Name, StringComparer.Ordinal)
                .Select(declared => Create(declared.First().option, [.. declared.Select(d => d.transport.Name)])),
        ];
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Transport);
        command.Options.Add(Host);
        command.Options.Add(Port);
        foreach (var (option, _) in _transportOptions)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The transport named by <c>--transport</c>, configured with the transport options given.</summary>
    public IRpcTransport GetTransport(ParseResult parseResult)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, read) in _transportOptions)
        {
            if (read(parseResult) is { } value)
            {
                values[option.Name] = value;
            }
        }

        return TransportRegistry.Get(parseResult.GetValue(Transport)!).Configure(values);
    }

    public string GetHost(ParseResult parseResult) => parseResult.GetValue(Host)!;

    /// <summary>The port given, else the transport's well-known one, else 0.</summary>
    public int GetPort(ParseResult parseResult) =>
        parseResult.GetValue(Port) ?? TransportRegistry.DefaultPort(parseResult.GetValue(Transport)!) ?? 0;

    /// <summary>The port given, else <paramref name="transport"/>'s well-known one (an original contract's own port), else 0.</summary>
    public int GetPort(ParseResult parseResult, IRpcTransport transport) =>
        parseResult.GetValue(Port) ?? transport.DefaultPort ?? 0;

    /// <summary>
    /// The System.CommandLine option for <paramref name="declared"/>, which <paramref name="owners"/> declare (a flag, a file,
    /// a port or one of its words) and how to read it back as the transport's word; an error when the chosen transport is
    /// not one of them, or an option it needs is missing (checked at parse time, before anything starts).
    /// </summary>
    private (Option Option, Func<ParseResult, string?> Read) Create(TransportOption declared, IReadOnlyList<string> owners)
    {
        var description = $"{string.Join(", ", owners)} only: {declared.Description}";
        (Option Option, Func<ParseResult, string?> Read) created;
        if (declared.IsFlag)
        {
            var flag = new Option<bool>(declared.Name) { Description = description };
            created = (flag, parseResult => parseResult.GetValue(flag) ? "true" : null);
        }
        else
        {
            var option = new Option<string?>(declared.Name) { Description = description };
            if (declared.IsPort)
            {
                var port = WholeNumber.Parser(declared.Name, 0, 65535, "between 0 and 65535");
                option.CustomParser = result => port(result)?.ToString(CultureInfo.InvariantCulture);
            }
            else if (declared.IsFile)
            {
                option.HelpName = "file";
            }
            else
            {
                option.AcceptOnlyFromAmong([.. declared.Values]);
            }

            created = (option, parseResult => parseResult.GetValue(option));
        }

        created.Option.Validators.Add(result =>
        {
            if (result.Implicit)
            {
                return;
            }

            if (ChosenTransport(result) is { } chosen && !owners.Contains(chosen, StringComparer.Ordinal))
            {
                result.AddError($"{declared.Name} applies to --transport {string.Join(" or ", owners)} only, not to {chosen}");
            }

            foreach (var needed in declared.Needs.Where(needed => result.GetResult(needed) is not OptionResult { Implicit: false }))
            {
                result.AddError($"{declared.Name} needs {needed}");
            }
        });
        return created;
    }

    /// <summary>The registered name of the transport the command line chose, or null when it names none (that has an error of its own).</summary>
    private string? ChosenTransport(OptionResult result)
    {
        var given = result.GetResult(Transport) is { Tokens.Count: > 0 } transport ? transport.Tokens[0].Value : TransportRegistry.Default.Name;
        return TransportRegistry.Names.FirstOrDefault(name => string.Equals(name, given, StringComparison.OrdinalIgnoreCase));
    }
}
