using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>
/// The server of a lab run: <c>rpclab serve</c> running with its output captured as the "server terminal".
/// Disposing stops it if <see cref="StopAsync"/> was not called. Not thread-safe beyond <see cref="Terminal"/>.
/// </summary>
public interface ILabServer : IAsyncDisposable
{
    TerminalLog Terminal { get; }

    /// <summary>What the server's listening line said (its real port).</summary>
    ListeningLine.Endpoint Endpoint { get; }

    /// <summary>Completes when the server has exited.</summary>
    Task Exited { get; }

    /// <summary>Stops the server the way Ctrl+C would and waits until it has printed its last line.</summary>
    Task StopAsync();
}
