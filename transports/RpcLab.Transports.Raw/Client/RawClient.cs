using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Raw.Client;

/// <summary>
/// The lab's raw client: the five services as typed stubs (<see cref="RpcProxy"/>) over one multiplexed
/// <see cref="ClientConnection"/>. Concurrent calls share the connection, each with its own id; a connection
/// that was lost is replaced by a new one on the next call. Exception messages become the lab's
/// <see cref="Services.Errors.RpcException"/> with the status they carry. Thread-safe.
/// </summary>
internal sealed class RawClient : IRpcClient, IRpcInvoker
{
    private readonly ClientOptions _options;
    private readonly RawOptions _raw;
    private readonly SemaphoreSlim _reconnect = new(1, 1);

    // This client with its retries, if any: what the typed services call through.
    private readonly IRpcInvoker _invoker;
    private ClientConnection _connection;

    private RawClient(ClientConnection connection, ClientOptions options, RawOptions raw)
    {
        _connection = connection;
        _options = options;
        _raw = raw;
        _invoker = RetryingInvoker.Wrap(this, options);
        Services = RpcProxy.CreateServiceSet(_invoker, options.DefaultCall);
    }

    public string Transport => RawTransport.TransportName;

    public ServiceSet Services { get; }

    public static async Task<RawClient> ConnectAsync(ClientOptions options, RawOptions raw, CancellationToken cancellationToken) =>
        new(await OpenAsync(options, raw, cancellationToken).ConfigureAwait(false), options, raw);

    public ServiceSet With(CallOptions options) => RpcProxy.CreateServiceSet(_invoker, options);

    public Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _connection);
        if (options.Timeout is null && !cancellationToken.CanBeCanceled && connection.IsOpen)
        {
            // The common small call, nothing to translate (its failures are RpcExceptions already): straight through.
            return connection.CallAsync(SignatureCall.For(method), args, requestStream, timeout: null, client: null, CancellationToken.None);
        }

        return InvokeWithDeadlineAsync(method, args, requestStream, options, cancellationToken);
    }

    public async IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        var items = deadline.TranslateStream(async () =>
        {
            var connection = await ConnectionAsync(deadline.Token).ConfigureAwait(false);
            return connection.StreamAsync(SignatureCall.For(method), args, requestStream, options.Timeout, client: null, deadline.Token).GetAsyncEnumerator(deadline.Token);
        });
        await foreach (var item in items.ConfigureAwait(false))
        {
            yield return item;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<object?> InvokeWithDeadlineAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        try
        {
            var connection = await ConnectionAsync(deadline.Token).ConfigureAwait(false);
            return await connection.CallAsync(SignatureCall.For(method), args, requestStream, options.Timeout, client: null, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw deadline.Translate(e);
        }
    }

    private static Task<ClientConnection> OpenAsync(ClientOptions options, RawOptions raw, CancellationToken cancellationToken) =>
        ClientConnection.ConnectAsync(options.Host, options.Port, options.MaxMessageSize, raw, options.WireTap, cancellationToken);

    // The open connection, or a new one when it was lost (a server restarted): one reconnect for all waiting callers.
    private async ValueTask<ClientConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _connection);
        if (connection.IsOpen)
        {
            return connection;
        }

        await _reconnect.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_connection.IsOpen)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                Volatile.Write(ref _connection, await OpenAsync(_options, _raw, cancellationToken).ConfigureAwait(false));
            }

            return _connection;
        }
        finally
        {
            _reconnect.Release();
        }
    }
}
