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

    /// <summary>
    /// The most bytes the files folder may hold, all files together (1 GiB). Checked chunk by chunk before each write,
    /// counting the uploads still in flight, so no client can fill the server's disk; over it an upload is
    /// ResourceExhausted and leaves nothing behind.
    /// </summary>
    public long FilesQuota { get; init; } = 1L << 30;

    /// <summary>
    /// The most files the folder may hold; an upload of a new name beyond it is ResourceExhausted. It bounds what
    /// files.list answers (1000 entries of at most a 255-byte name are well under the 4 MiB default message size).
    /// </summary>
    public int MaxFiles { get; init; } = 1000;

    /// <summary>The longest user name, in UTF-16 characters; a longer one is InvalidArgument on create and update.</summary>
    public int MaxNameLength { get; init; } = 200;

    /// <summary>The longest email, in UTF-16 characters (254 is what RFC 5321 lets an address be in a mail path).</summary>
    public int MaxEmailLength { get; init; } = 254;

    /// <summary>
    /// The most users the store may hold; a create beyond it is ResourceExhausted. users.list answers at most this many
    /// (lowest ids first), so with the field limits its reply stays bounded: 1000 users of 200 + 254 characters are
    /// under 1.4 MB even at three UTF-8 bytes a character, inside the 4 MiB default message size.
    /// </summary>
    public int MaxUsers { get; init; } = 1000;

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
