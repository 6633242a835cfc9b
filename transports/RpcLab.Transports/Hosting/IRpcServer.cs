namespace RpcLab.Transports.Hosting;

/// <summary>A running server. Disposing it stops listening and ends the calls in progress.</summary>
public interface IRpcServer : IAsyncDisposable
{
    string Transport { get; }

    string Host { get; }

    /// <summary>The port actually bound (the one chosen by the OS when the options said 0).</summary>
    int Port { get; }

    /// <summary>
    /// The other transports this server also serves, from the same process, each on a port of its own (gRPC with a REST
    /// port), so <c>serve</c> prints a listening line for each without knowing which transport does this. None by default.
    /// </summary>
    IReadOnlyList<(string Transport, int Port)> AlsoListening => [];

    /// <summary>
    /// How this server protects its connections, as <c>serve</c> prints it ("TLS with /data/tls/server.crt (...)"), or null
    /// when it does not: then anyone who reaches its port can call it and read its traffic, and <c>serve</c> warns when it
    /// listens beyond loopback. Null by default.
    /// </summary>
    string? Protection => null;
}
