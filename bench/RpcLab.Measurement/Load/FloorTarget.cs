namespace RpcLab.Measurement.Load;

/// <summary>The latency floor as a load target: a <see cref="TcpEchoServer"/> and one ping-pong connection per caller.</summary>
public sealed class FloorTarget(string host, int port, IAsyncDisposable? server) : ILoadTarget
{
    public string Transport => LoadServers.FloorTransport;

    public string Server => LoadServers.Bare;

    public string Host => host;

    public int Port => port;

    public bool Multiplexed => false;

    public async Task<ILoadConnection> ConnectAsync(CancellationToken cancellationToken) =>
        new Connection(await TcpPingPongClient.ConnectAsync(host, port, SmallCall.FloorPayload(), cancellationToken).ConfigureAwait(false));

    public ValueTask DisposeAsync() => server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private sealed class Connection(TcpPingPongClient client) : ILoadConnection
    {
        public ValueTask CallAsync(CancellationToken cancellationToken) => client.PingAsync(cancellationToken);

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
