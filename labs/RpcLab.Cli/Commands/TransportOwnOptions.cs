using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Commands;

/// <summary>
/// The options transports declare for themselves (<see cref="IRpcTransport.CommandLineOptions"/>, JSON-RPC's
/// <c>--framing</c>) as options of one command: each refused at parse time with a chosen transport that does not
/// declare it, and handed to a transport's <see cref="IRpcTransport.Configure"/>. The one mechanism behind
/// <see cref="EndpointOptions"/> (serve, call, ...) and <c>wire</c> (whose <c>--transport all</c> configures each
/// transport with the options it declares). Create one per command.
/// </summary>
public sealed class TransportOwnOptions
{
    private readonly Option<string> _transport;
    private readonly IReadOnlyList<(Option Option, Func<ParseResult, string?> Read)> _options;

    /// <param name="transport">The command's <c>--transport</c> option, which names the transport the options must belong to.</param>
    /// <param name="include">Which declared options this command takes (<c>serve</c> the server-only ones, <c>call</c> the client-only ones).</param>
    public TransportOwnOptions(Option<string> transport, Func<TransportOption, bool> include)
    {
        _transport = transport;
        _options =
        [
            .. TransportRegistry.All
                .SelectMany(t => t.CommandLineOptions.Select(option => (transport: t, option)))
                .Where(declared => include(declared.option))
                .OrderBy(declared => declared.option.ServerOnly)
                .GroupBy(declared => declared.option.Name, StringComparer.Ordinal)
                .Select(declared => Create(declared.First().option, [.. declared.Select(d => d.transport.Name)])),
        ];
    }

    public void AddTo(Command command)
    {
        foreach (var (option, _) in _options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary><paramref name="transport"/> configured with those of the options given that it declares.</summary>
    /// <exception cref="ArgumentException">A value the transport cannot take.</exception>
    public IRpcTransport Configure(ParseResult parseResult, IRpcTransport transport)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, read) in _options)
        {
            if (read(parseResult) is { } value && transport.CommandLineOptions.Any(declared => declared.Name == option.Name))
            {
                values[option.Name] = value;
            }
        }

        return transport.Configure(values);
    }

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

    /// <summary>
    /// The registered name of the transport the command line chose, or null when it names none: a word such as
    /// <c>wire</c>'s "all" (each transport then takes what it declares), or a typo (that has an error of its own).
    /// </summary>
    private string? ChosenTransport(OptionResult result)
    {
        var given = result.GetResult(_transport) is { Tokens.Count: > 0 } transport ? transport.Tokens[0].Value : TransportRegistry.Default.Name;
        return TransportRegistry.Names.FirstOrDefault(name => string.Equals(name, given, StringComparison.OrdinalIgnoreCase));
    }
}
