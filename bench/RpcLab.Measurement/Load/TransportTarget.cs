using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Load;

/// <summary>
/// A server of any transport at host:port, called through that transport's client: <c>echo.reverse</c>
/// through the contract's proxy, as every user of the lab calls it, with the reply checked. Several
/// callers share one client (<see cref="IRpcClient"/> is thread-safe and carries calls by id).
/// </summary>
public sealed class TransportTarget(IRpcTransport transport, string host, int port, string server, IAsyncDisposable? owned) : ILoadTarget
{
    public string Transport => transport.Name;

    public string Server => server;

    public bool Multiplexed => true;

    public string Host => host;

    public int Port => port;

    public async Task<ILoadConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = await transport.ConnectAsync(new ClientOptions { Host = host, Port = port }, cancellationToken).ConfigureAwait(false);
        return new Connection(client);
    }

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;

    private sealed class Connection(IRpcClient client) : ILoadConnection
    {
        private readonly IEchoService _echo = client.Services.Echo;

        // Pooled, as the caller's loop is: the generator allocates nothing of its own per call.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        public async ValueTask CallAsync(CancellationToken cancellationToken)
        {
            var reply = await _echo.ReverseAsync(SmallCall.Message, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(reply, SmallCall.Reply, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"echo.reverse answered '{reply}', not '{SmallCall.Reply}'");
            }
        }

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
