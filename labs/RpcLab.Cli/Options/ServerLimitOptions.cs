using System.CommandLine;
using RpcLab.Cli.Commands;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Options;

/// <summary>
/// <c>serve</c>'s options for the limits every server enforces the same way (<see cref="ServerOptions"/>): connections
/// in total and per peer, the message and idle timeouts, and the bytes of replies kept for a client that does not
/// read. Each shows its default in <c>serve --help</c>. Create one per command.
/// </summary>
public sealed class ServerLimitOptions
{
    public Option<int> MaxConnections { get; } = new("--max-connections")
    {
        Description = "The most connections the server holds at once; one more is closed at once (HTTP: 503 or GOAWAY) and logged. Lowered to fit the process's open-file limit.",
        DefaultValueFactory = _ => RpcLimits.DefaultMaxConnections,
        CustomParser = WholeNumber.RequiredParser("--max-connections", 1, 1_000_000, "a whole number from 1 to 1000000"),
    };

    public Option<int> MaxConnectionsPerPeer { get; } = new("--max-connections-per-peer")
    {
        Description = "The most connections one client address may hold at once; beyond, as --max-connections.",
        DefaultValueFactory = _ => RpcLimits.DefaultMaxConnectionsPerPeer,
        CustomParser = WholeNumber.RequiredParser("--max-connections-per-peer", 1, 1_000_000, "a whole number from 1 to 1000000"),
    };

    public Option<TimeSpan> MessageTimeout { get; } = new("--message-timeout")
    {
        Description = "How long one message (an HTTP request's headers) may take from its first byte to its last; a client that trickles is closed. 0 turns it off.",
        DefaultValueFactory = _ => RpcLimits.DefaultMessageTimeout,
        CustomParser = OptionParsers.Duration("--message-timeout", allowZero: true),
    };

    public Option<TimeSpan> IdleTimeout { get; } = new("--idle-timeout")
    {
        Description = "How long a connection may stay with no call in progress and nothing arriving before it is closed. 0 turns it off.",
        DefaultValueFactory = _ => RpcLimits.DefaultIdleTimeout,
        CustomParser = OptionParsers.Duration("--idle-timeout", allowZero: true),
    };

    public Option<int> MaxQueuedBytes { get; } = new("--max-queued-bytes")
    {
        Description = "The bytes of replies kept for one call, and for one connection, that the client has not read; past it the call waits instead of queueing more.",
        DefaultValueFactory = _ => RpcLimits.DefaultMaxQueuedBytes,
        CustomParser = WholeNumber.RequiredParser("--max-queued-bytes", 1024, int.MaxValue, "a whole number of bytes, at least 1024"),
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(MaxConnections);
        command.Options.Add(MaxConnectionsPerPeer);
        command.Options.Add(MessageTimeout);
        command.Options.Add(IdleTimeout);
        command.Options.Add(MaxQueuedBytes);
    }

    /// <summary><paramref name="options"/> with the limits given on the command line (or their defaults).</summary>
    public ServerOptions Apply(ServerOptions options, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parseResult);
        return options with
        {
            MaxConnections = parseResult.GetValue(MaxConnections),
            MaxConnectionsPerPeer = parseResult.GetValue(MaxConnectionsPerPeer),
            MessageTimeout = OffWhenZero(parseResult.GetValue(MessageTimeout)),
            IdleTimeout = OffWhenZero(parseResult.GetValue(IdleTimeout)),
            MaxQueuedBytes = parseResult.GetValue(MaxQueuedBytes),
        };
    }

    /// <summary>
    /// The note <c>serve</c> prints when <paramref name="options"/> ask for more connections than the process's open-file
    /// limit leaves room for, or null.
    /// </summary>
    public static string? DescriptorNote(ServerOptions options, long? descriptorLimit)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fitted = FileDescriptorLimit.Fit(options.MaxConnections, descriptorLimit);
        return fitted < options.MaxConnections
            ? $"note: this process may open {descriptorLimit} files, so the server takes at most {fitted} connections, not {options.MaxConnections} (raise it with ulimit -n)"
            : null;
    }

    private static TimeSpan OffWhenZero(TimeSpan value) => value == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : value;
}
