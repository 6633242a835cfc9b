namespace RpcLab.Services;

/// <summary>How a <see cref="ServiceHost"/> builds the services.</summary>
public sealed record ServiceOptions
{
    /// <summary>
    /// The server's data folder: users.db (SQLite) and files/. Null: users are kept in memory
    /// and files in a fresh temporary folder that is deleted when the host is disposed (tests).
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The largest file an upload may store, in bytes.</summary>
    public long MaxFileSize { get; init; } = 100L * 1024 * 1024;

    /// <summary>How many compute jobs may wait for a worker before a submit is ResourceExhausted.</summary>
    public int MaxQueuedJobs { get; init; } = 64;

    /// <summary>Threads that run compute jobs.</summary>
    public int JobWorkers { get; init; } = 2;

    /// <summary>The parallel sum's workers when the caller asks for 0.</summary>
    public int DefaultParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The most workers a parallel sum may use, whatever the caller asks.</summary>
    public int MaxParallelism { get; init; } = 64;

    /// <summary>
    /// How many clients the at-most-once table remembers (one entry each: the last request id and its reply); beyond it the
    /// least recently seen client is forgotten. 0 turns the table off: every call runs, request ids or not.
    /// </summary>
    public int AtMostOnceClients { get; init; } = 1024;
}
