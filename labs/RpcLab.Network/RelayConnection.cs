using System.Net.Sockets;

namespace RpcLab.Network;

/// <summary>
/// One connection through a <see cref="TcpRelay"/>: the client's socket, the relay's own socket to the server, and
/// a pump per direction. A pump reads, tells the direction's observer, passes the chunk through the direction's
/// stages and writes it to the other socket; at the end of its stream it half-closes the other socket's sending
/// side. When a socket fails (reset, refused upstream) both are closed, so neither side waits on a dead peer.
/// </summary>
internal sealed class RelayConnection : IAsyncDisposable
{
    private readonly int _number;
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly TcpRelayOptions _options;
    private readonly Func<TimeSpan> _clock;
    private readonly CancellationTokenSource _closed;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RelayLink _link;
    private int _disposed;

    public RelayConnection(int number, Socket client, TcpRelayOptions options, Func<TimeSpan> clock, CancellationToken relayStopping)
    {
        _number = number;
        _client = client;
        _server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _options = options;
        _clock = clock;
        _closed = CancellationTokenSource.CreateLinkedTokenSource(relayStopping);
        _link = new RelayLink(number, client, _server, clock, Close, _closed.Token);

        // The relay must not add Nagle's delay to a protocol that turned it off.
        _client.NoDelay = true;
        _server.NoDelay = true;
    }

    /// <summary>Completes when both directions have ended (or the connection failed); never faults.</summary>
    public Task Completion => _completion.Task;

    public void Start(string upstreamHost, int upstreamPort) => _ = RunAsync(upstreamHost, upstreamPort);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await Completion.ConfigureAwait(false);
            return;
        }

        Close();
        await Completion.ConfigureAwait(false);
    }

    private async Task RunAsync(string upstreamHost, int upstreamPort)
    {
        try
        {
            try
            {
                await _server.ConnectAsync(upstreamHost, upstreamPort, _closed.Token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                _options.OnUpstreamFailed?.Invoke(_number, e);
                throw;
            }

            await Task.WhenAll(
                PumpAsync(_client, _server, RelayDirection.ClientToServer, _options.OnClientToServer, StagesFor(RelayDirection.ClientToServer, _options.ClientToServerStages)),
                PumpAsync(_server, _client, RelayDirection.ServerToClient, _options.OnServerToClient, StagesFor(RelayDirection.ServerToClient, _options.ServerToClientStages))).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The upstream refused or the relay is stopping: the client sees its connection close.
        }
        finally
        {
            Close();
            _completion.TrySetResult();
        }
    }

    // The shared stages, then the ones made for this connection.
    private IReadOnlyList<IRelayStage> StagesFor(RelayDirection direction, IReadOnlyList<IRelayStage> shared)
    {
        var own = _options.ConnectionStages?.Invoke(_link, direction);
        return own is null or { Count: 0 } ? shared : [.. shared, .. own];
    }

    private async Task PumpAsync(Socket from, Socket to, RelayDirection direction, Action<RelayChunk>? observer, IReadOnlyList<IRelayStage> stages)
    {
        var buffer = new byte[_options.BufferSize];
        var token = _closed.Token;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    observer?.Invoke(new RelayChunk(_number, direction, _clock(), ReadOnlyMemory<byte>.Empty));
                    foreach (var stage in stages)
                    {
                        await stage.CompleteAsync(token).ConfigureAwait(false);
                    }

                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                // A copy per chunk: the observer may keep it, and the buffer is reused by the next read.
                var chunk = new RelayChunk(_number, direction, _clock(), buffer.AsSpan(0, read).ToArray());
                observer?.Invoke(chunk);
                await ForwardAsync(chunk, chunk.Data, 0, to, stages, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset or a close on either side ends the whole connection: relay that by closing both sockets.
            observer?.Invoke(new RelayChunk(_number, direction, _clock(), ReadOnlyMemory<byte>.Empty));
            Close();
        }
    }

    private static ValueTask ForwardAsync(RelayChunk chunk, ReadOnlyMemory<byte> bytes, int stage, Socket to, IReadOnlyList<IRelayStage> stages, CancellationToken cancellationToken)
    {
        if (stage == stages.Count)
        {
            return SendAllAsync(to, bytes, cancellationToken);
        }

        return stages[stage].ProcessAsync(
            bytes.Equals(chunk.Data) ? chunk : chunk with { Data = bytes },
            (next, token) => ForwardAsync(chunk, next, stage + 1, to, stages, token),
            cancellationToken);
    }

    private static async ValueTask SendAllAsync(Socket to, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await to.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    private void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _client.Dispose();
        _server.Dispose();
    }
}
