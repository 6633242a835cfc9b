namespace RpcLab.Measurement.Load;

/// <summary>
/// A server the load generator can call, and how to open connections to it. Disposing it stops the
/// server when the target started it (a child process, an in-process server), and leaves it running
/// when it was already there (<c>--host/--port</c>). Implementations are thread-safe.
/// </summary>
public interface ILoadTarget : IAsyncDisposable
{
    /// <summary>What speaks to the server: a transport's name, or the floor's. The results' <c>transport</c> column.</summary>
    string Transport { get; }

    /// <summary>Whose server it is: <see cref="LoadServers.Ours"/>, a foreign peer's name, or an external endpoint.</summary>
    string Server { get; }

    /// <summary>Where the server listens.</summary>
    string Host { get; }

    int Port { get; }

    /// <summary>True when several callers may share one connection (calls carry an id); false gives each caller its own.</summary>
    bool Multiplexed { get; }

    Task<ILoadConnection> ConnectAsync(CancellationToken cancellationToken);
}
