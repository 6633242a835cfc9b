using RpcLab.Measurement.Load;

namespace RpcLab.Tests.Bench;

/// <summary>A load target whose calls do what the test says (wait, fail), counting its connections. Thread-safe.</summary>
public sealed class FakeTarget(Func<CancellationToken, ValueTask> call, bool multiplexed = true) : ILoadTarget
{
    private int _connections;

    public string Transport => "fake";

    public string Server => LoadServers.Ours;

    public string Host => "127.0.0.1";

    public int Port => 0;

    public bool Multiplexed => multiplexed;

    public int ConnectionsOpened => Volatile.Read(ref _connections);

    public Task<ILoadConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        return Task.FromResult<ILoadConnection>(new Connection(call));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Connection(Func<CancellationToken, ValueTask> call) : ILoadConnection
    {
        public ValueTask CallAsync(CancellationToken cancellationToken) => call(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
