namespace RpcLab.Measurement.Reliability;

/// <summary>
/// How much <c>rpclab reliability</c> does: the full run (about ten minutes on two cores) or the quick one CI runs (well
/// under two minutes), and which sections. Immutable.
/// </summary>
public sealed record ReliabilitySettings
{
    /// <summary>The sections, by the name <c>--section</c> takes.</summary>
    public static IReadOnlyList<string> SectionNames { get; } = ["parsers", "calls", "connections", "paths", "kill"];

    /// <summary>True for the quick run.</summary>
    public bool Quick { get; init; }

    /// <summary>The sections to run (all by default).</summary>
    public IReadOnlyList<string> Sections { get; init; } = SectionNames;

    /// <summary>The seed of every random choice (the mutations), so a run can be replayed.</summary>
    public int Seed { get; init; } = 20;

    /// <summary>Mutated inputs per parser.</summary>
    public int MutatedInputs => Quick ? 200 : 5_000;

    /// <summary>Checked calls per transport, from <see cref="Callers"/> callers.</summary>
    public int CallsPerTransport => Quick ? 2_000 : 300_000;

    /// <summary>Concurrent callers of the calls section.</summary>
    public int Callers => 64;

    /// <summary>Idle connections wanted per transport (fewer when the descriptor limit does not fit them, and the report says so).</summary>
    public int IdleConnections => Quick ? 200 : 10_000;

    /// <summary>Slowloris connections (a byte a second, never a whole message) per transport.</summary>
    public int SlowConnections => Quick ? 20 : 500;

    /// <summary>How long the normal client calls while the connections are held.</summary>
    public TimeSpan NormalClientTime => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may stay open after the prober closed its sending half before it counts as a hang.</summary>
    public TimeSpan HangAfter => TimeSpan.FromSeconds(Quick ? 10 : 15);

    /// <summary>
    /// The transports whose server the kill section kills: gRPC in the quick run, every transport with a wire in the full
    /// one but REST, whose client has no client streaming (files.upload); its server is the gRPC one's services over HTTP.
    /// </summary>
    public IReadOnlyList<string> KillTransports => Quick ? ["grpc"] : ["grpc", "jsonrpc", "zerorpc", "raw", "rpyc"];

    /// <summary>Acknowledged users.create calls before the kill section kills the server mid-burst.</summary>
    public int CreatesBeforeKill => Quick ? 50 : 300;

    /// <summary>The size of the file the kill section stores, downloads when it kills and half-uploads again.</summary>
    public int KeptFileBytes => Quick ? 4 * 1024 * 1024 : 16 * 1024 * 1024;

    /// <summary>The command line that repeats this run, or one section of it.</summary>
    public string CommandLine(string? section = null) =>
        $"rpclab reliability{(Quick ? " --quick" : "")}{(section is null ? "" : $" --section {section}")} --seed {Seed}";
}
