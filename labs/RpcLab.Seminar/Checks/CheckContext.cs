using System.Net.Sockets;

namespace RpcLab.Seminar.Checks;

/// <summary>
/// What a check may use: where the student's server listens, the transport it speaks, a way to restart it, and
/// counters that go into the summary line (<c>Passed -- 9 checks, 3.1 s, 41 calls, 8,210 bytes</c>). The runner owns
/// the server's process; a check never starts one. Counters are thread-safe; one context per run. Disposing it disposes
/// what the checks shared through <see cref="Shared{T}"/> (a suite that checks a client keeps its server and the client
/// there, from one check to the next).
/// </summary>
public sealed class CheckContext(string host, int port, string transport, Func<CancellationToken, Task<int>>? restartServer) : IAsyncDisposable
{
    private readonly Dictionary<Type, object> _shared = [];
    private long _calls;
    private long _bytes;

    public string Host { get; } = host;

    /// <summary>The port the server listens on; it changes after <see cref="RestartServerAsync"/>.</summary>
    public int Port { get; private set; } = port;

    /// <summary>The transport the checks speak (<c>--transport</c>, or the suite's default).</summary>
    public string Transport { get; } = transport;

    /// <summary>The second port of a server that has one (<c>{rest-port}</c>, or <c>--rest-port</c>): its REST endpoint; null when not given.</summary>
    public int? RestPort { get; private set; }

    /// <summary>Sets <see cref="RestPort"/>: at the start, and after a restart.</summary>
    internal CheckContext WithRestPort(int? restPort)
    {
        RestPort = restPort;
        return this;
    }

    /// <summary>The student's workspace folder (<c>--workspace</c>), or null: a check that reads its files says so and fails.</summary>
    public string? Workspace { get; init; }

    /// <summary>The student's client command (<c>--clerk</c>), or null: a check that runs it says so and fails.</summary>
    public string? ClerkCommand { get; init; }

    /// <summary>The deliverable folder (<c>--out</c>), where a check may write what it drew (a timeline); null when not given.</summary>
    public string? OutDirectory { get; init; }

    /// <summary>False when the runner was pointed at a server it did not start (<c>--port</c>): a check that needs a restart says so and fails.</summary>
    public bool CanRestartServer => restartServer is not null;

    /// <summary>The student's client command (<c>--client</c>) for a suite that checks a client, or null.</summary>
    public string? ClientCommand { get; init; }

    public long Calls => Interlocked.Read(ref _calls);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// A TCP connection (Nagle off) to the student's server, or a failed check saying no <paramref name="what"/> answers
    /// at <see cref="Host"/>:<see cref="Port"/>.
    /// </summary>
    public async Task<TcpClient> ConnectTcpAsync(string what, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(Host, Port, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (SocketException e)
        {
            client.Dispose();
            throw new CheckFailedException($"no {what} at {Host}:{Port}: {e.Message}", e);
        }
    }

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

    /// <summary>
    /// The one <typeparamref name="T"/> of this run, made by <paramref name="create"/> the first time a check asks: state the
    /// checks of a suite carry from one to the next, in the order they run. Disposed with the context when it is disposable.
    /// </summary>
    public T Shared<T>(Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_shared)
        {
            if (!_shared.TryGetValue(typeof(T), out var value))
            {
                value = create();
                _shared[typeof(T)] = value;
            }

            return (T)value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<object> shared;
        lock (_shared)
        {
            shared = [.. _shared.Values];
            _shared.Clear();
        }

        foreach (var value in shared)
        {
            if (value is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
