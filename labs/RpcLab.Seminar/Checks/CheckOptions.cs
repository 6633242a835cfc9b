namespace RpcLab.Seminar.Checks;

/// <summary>
/// How to run a check: the student's server command (<c>--server "CMD {port}"</c>) or the port of one already running
/// (<c>--port</c>), or, for a lab that checks a client, the student's client command (<see cref="ClientCommand"/>); the transport, who is checked, and where the report goes. <see cref="Command"/> is the command line
/// as typed, for the report. Immutable.
/// </summary>
public sealed record CheckOptions(string? ServerCommand, int? Port, string Command)
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>With <see cref="Port"/>: the running server's second, REST, port (<c>--rest-port</c>); null when it has none.</summary>
    public int? RestPort { get; init; }

    /// <summary>
    /// The student's client command (<c>--client "CMD {dir} {port}"</c>), for a suite that checks a client
    /// (<see cref="ILabCheckSuite.ChecksClient"/>); its checks start the server themselves. Null otherwise.
    /// </summary>
    public string? ClientCommand { get; init; }

    /// <summary>Null: the suite's first transport.</summary>
    public string? Transport { get; init; }

    public string Student { get; init; } = Environment.UserName;

    /// <summary>The folder for <c>labNN-check.md</c>, or null to write none.</summary>
    public string? OutDirectory { get; init; }

    /// <summary>The student's workspace (<c>--workspace</c>), for checks that read its files; null when not given.</summary>
    public string? Workspace { get; init; }

    /// <summary>The student's client command line (<c>--clerk "CMD {port}"</c>), for labs whose checks run the student's client too; null when not given.</summary>
    public string? ClerkCommand { get; init; }

    /// <summary>Generous: a student's <c>dotnet run</c> builds first, on a shared two-core machine.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
