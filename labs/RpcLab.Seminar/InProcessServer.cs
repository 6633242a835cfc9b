using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>
/// <c>rpclab serve</c> run inside this process, its output captured as the server terminal. For the inproc
/// transport, which has no wire and so cannot be reached from another process.
/// </summary>
public sealed class InProcessServer : ILabServer
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LineWriter _writer;
    private Task<int> _run = Task.FromResult(0);

    private InProcessServer() => _writer = new LineWriter(Terminal);

    public TerminalLog Terminal { get; } = new();

    public ListeningLine.Endpoint Endpoint { get; private set; }

    public Task Exited => _run;

    /// <summary>Runs <c>rpclab</c> with <paramref name="args"/> in this process and waits until it is <paramref name="ready"/> (by default: its listening line).</summary>
    public static async Task<InProcessServer> StartAsync(ICommandLine commandLine, IReadOnlyList<string> args, TimeSpan startTimeout, CancellationToken cancellationToken, Func<IReadOnlyList<string>, bool>? ready = null)
    {
        var server = new InProcessServer();
        server._run = Task.Run(() => commandLine.RunAsync(args, server._writer, server._writer, server._stop.Token), CancellationToken.None);
        try
        {
            server.Endpoint = await server.Terminal.WaitForListeningAsync(startTimeout, server._run, cancellationToken, ready).ConfigureAwait(false)
                ?? throw server.Terminal.DidNotStart(why: null);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _writer.Dispose();
        _stop.Dispose();
    }
}
