namespace RpcLab.Transports.Hosting;

/// <summary>
/// One command-line option that belongs to a single transport (JSON-RPC's <c>--framing</c>), described as plain data so
/// the transport needs no command-line library: <c>rpclab</c> turns every registered transport's options into options of
/// its verbs, and refuses one given with a transport that does not declare it. Immutable and thread-safe.
/// </summary>
/// <param name="Name">The option as typed, with its dashes: <c>--framing</c>.</param>
/// <param name="Description">The help text, without the transport's name (the command line says whose option it is).</param>
public sealed record TransportOption(string Name, string Description)
{
    /// <summary>The words the option accepts, when it takes one of a few; empty when <see cref="IsPort"/>.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>True when the option takes a port number (0 to 65535, 0 = any free port) instead of one of <see cref="Values"/>.</summary>
    public bool IsPort { get; init; }

    /// <summary>True when the option takes no value (<c>--tls</c>): given, its value is "true".</summary>
    public bool IsFlag { get; init; }

    /// <summary>True when the option takes a file name (<c>--ca FILE</c>), any text.</summary>
    public bool IsFile { get; init; }

    /// <summary>The other options this one makes no sense without (<c>--key</c> needs <c>--cert</c>); the command line says so.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>True when only a server has a use for it (<c>serve</c> takes it, <c>call</c> and <c>sync</c> do not).</summary>
    public bool ServerOnly { get; init; }

    /// <summary>True when only a client has a use for it (<c>call</c> and <c>sync</c> take it, <c>serve</c> does not).</summary>
    public bool ClientOnly { get; init; }

    /// <summary>
    /// <paramref name="values"/> (as <see cref="IRpcTransport.CommandLineValues"/> gives them) as they are typed, each after a
    /// space: " --framing lines --tls". Options <paramref name="transport"/> does not declare, or that <paramref name="include"/>
    /// leaves out, are left out.
    /// </summary>
    public static string Format(IRpcTransport transport, IReadOnlyDictionary<string, string> values, Func<TransportOption, bool> include)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(include);
        return string.Concat(transport.CommandLineOptions
            .Where(option => include(option) && values.ContainsKey(option.Name))
            .Select(option => option.IsFlag ? $" {option.Name}" : $" {option.Name} {values[option.Name]}"));
    }

    /// <summary>For <see cref="IRpcTransport.Configure"/>: refuses any of <paramref name="values"/> that <paramref name="transport"/> does not declare.</summary>
    /// <exception cref="ArgumentException">An option the transport does not declare; the message names both.</exception>
    public static void ThrowIfUndeclared(IReadOnlyDictionary<string, string> values, IRpcTransport transport)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(transport);
        var undeclared = values.Keys.Where(name => !transport.CommandLineOptions.Any(o => o.Name == name)).ToList();
        if (undeclared.Count > 0)
        {
            throw new ArgumentException($"{string.Join(", ", undeclared)} does not apply to the {transport.Name} transport");
        }
    }
}
