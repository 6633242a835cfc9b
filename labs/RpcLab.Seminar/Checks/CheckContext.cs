namespace RpcLab.Seminar.Checks;

/// <summary>
/// What a check may use: where the student's server listens, the transport it speaks, a way to restart it, and
/// counters that go into the summary line (<c>Passed -- 9 checks, 3.1 s, 41 calls, 8,210 bytes</c>). The runner owns
/// the server's process; a check never starts one. Counters are thread-safe; one context per run.
/// </summary>
public sealed class CheckContext(string host, int port, string transport, Func<CancellationToken, Task<int>>? restartServer)
{
    private long _calls;
    private long _bytes;

    public string Host { get; } = host;

    /// <summary>The port the server listens on; it changes after <see cref="RestartServerAsync"/>.</summary>
    public int Port { get; private set; } = port;

    /// <summary>The transport the checks speak (<c>--transport</c>, or the suite's default).</summary>
    public string Transport { get; } = transport;

    /// <summary>The student's workspace folder (<c>--workspace</c>), or null: a check that reads its files says so and fails.</summary>
    public string? Workspace { get; init; }

    /// <summary>The student's client command (<c>--clerk</c>), or null: a check that runs it says so and fails.</summary>
    public string? ClerkCommand { get; init; }

    /// <summary>The deliverable folder (<c>--out</c>), where a check may write what it drew (a timeline); null when not given.</summary>
    public string? OutDirectory { get; init; }

    /// <summary>False when the runner was pointed at a server it did not start (<c>--port</c>): a check that needs a restart says so and fails.</summary>
    public bool CanRestartServer => restartServer is not null;

    public long Calls => Interlocked.Read(ref _calls);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Counts one call of a check and the bytes it carried (request and reply payloads), for the summary.</summary>
    public void CountCall(long bytes = 0)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _bytes, bytes);
    }

    /// <summary>Stops the student's server and starts it again with the same command; returns the new port.</summary>
    public async Task<int> RestartServerAsync(CancellationToken cancellationToken)
    {
        if (restartServer is null)
        {
            throw new InvalidOperationException("this check restarts the server, so run it with --server \"CMD {port}\" rather than --port");
        }

        Port = await restartServer(cancellationToken).ConfigureAwait(false);
        return Port;
    }
}
