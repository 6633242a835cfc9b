using System.Net.Sockets;
using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.JsonRpc.Compliance;

namespace RpcLab.Transports.JsonRpc.Client;

/// <summary>
/// A JSON-RPC client: StreamJsonRpc (<see cref="ClientJsonRpc"/>) on one TCP connection through the
/// spec-compliance handler, positional params in the contract's order, the typed services through
/// <see cref="RpcProxy"/>. A request stream travels as StreamJsonRpc's enumerator token in its parameter's place
/// and the server pulls it. Deadlines and caller cancellation send <c>$/cancelRequest</c> (StreamJsonRpc does)
/// and stop the wait at once (a peer may never answer the cancel). A call made after the connection was lost (reset,
/// closed by the server) opens a new one first, so a retry after a lost reply can reach the server (issue 18); calls
/// already on the lost connection fail Unavailable. Thread-safe: calls may be made concurrently.
/// </summary>
internal sealed class JsonRpcClient : IRpcClient, IRpcInvoker
{
    private readonly ClientOptions _options;
    private readonly JsonRpcOptions _jsonRpc;
    private readonly SemaphoreSlim _reconnecting = new(1, 1);
    private volatile ClientJsonRpc _rpc;
    private volatile bool _disposed;

    // This client with its retries, if any: what the typed services call through.
    private readonly IRpcInvoker _invoker;

    private JsonRpcClient(ClientJsonRpc rpc, ClientOptions options, JsonRpcOptions jsonRpc)
    {
        _rpc = rpc;
        _options = options;
        _jsonRpc = jsonRpc;
        _invoker = RetryingInvoker.Wrap(this, options);
        Services = RpcProxy.CreateServiceSet(_invoker, options.DefaultCall);
    }

    public string Transport => "jsonrpc";

    public ServiceSet Services { get; }

    public static async Task<JsonRpcClient> ConnectAsync(ClientOptions options, JsonRpcOptions jsonRpc, CancellationToken cancellationToken) =>
        new(await OpenAsync(options, jsonRpc, cancellationToken).ConfigureAwait(false), options, jsonRpc);

    private static async Task<ClientJsonRpc> OpenAsync(ClientOptions options, JsonRpcOptions jsonRpc, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RpcException(RpcStatusCode.Unavailable, $"cannot connect to {options.Host}:{options.Port}: {e.Message}", e);
        }

        var handler = new SpecComplianceHandler(
            new NetworkStream(socket, ownsSocket: true),
            new HandlerOptions(jsonRpc.Framer, options.MaxMessageSize, jsonRpc.MaxConcurrentRequests, jsonRpc.MaxBatchSize, jsonRpc.HalfCloseGrace, socket.RemoteEndPoint?.ToString(), CallLog: null, options.WireTap),
            JsonRpcSerialization.CreateFormatter());
        var rpc = new ClientJsonRpc(handler);
        rpc.StartListening();
        return rpc;
    }

    // The live connection, or a new one when the last was lost (not when this client was disposed).
    private async ValueTask<ClientJsonRpc> ConnectionAsync(CancellationToken cancellationToken)
    {
        var rpc = _rpc;
        if (!rpc.Completion.IsCompleted || _disposed)
        {
            return rpc;
        }

        await _reconnecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_rpc.Completion.IsCompleted && !_disposed)
            {
                _rpc.Dispose();
                _rpc = await OpenAsync(_options, _jsonRpc, cancellationToken).ConfigureAwait(false);
            }

            return _rpc;
        }
        finally
        {
            _reconnecting.Release();
        }
    }

    public ServiceSet With(CallOptions options) => RpcProxy.CreateServiceSet(_invoker, options);

    public async Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        Task<object?>? call = null;
        try
        {
            // StopWaitingAt written out here: one async frame fewer on every unary call.
            var rpc = await ConnectionAsync(deadline.Token).ConfigureAwait(false);
            call = TypedInvocation.InvokeAsync(rpc, method, Params(method, args, requestStream), deadline.Token);
            return await call.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (e is OperationCanceledException && call is { IsCompleted: false })
            {
                LeaveBehind(call);
            }

            throw deadline.Translate(Unwrap(e));
        }
    }

    public async IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        var rpc = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        var id = rpc.NextRequestId();
        var holdArguments = requestStream is not null;
        try
        {
            var items = deadline.TranslateStream(async () =>
            {
                try
                {
                    var stream = await StopWaitingAt(deadline.Token, TypedInvocation.OpenStreamAsync(rpc, method, id, holdArguments, Params(method, args, requestStream), deadline.Token)).ConfigureAwait(false);
                    return stream.GetAsyncEnumerator(deadline.Token);
                }
                catch (Exception e)
                {
                    throw Unwrap(e);
                }
            });
            await foreach (var item in items.ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            if (holdArguments)
            {
                rpc.ReleaseArguments(id);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A reconnect under way finishes first, so the connection it opens is the one disposed here.
        _disposed = true;
        await _reconnecting.WaitAsync().ConfigureAwait(false);
        try
        {
            _rpc.Dispose();
        }
        finally
        {
            _reconnecting.Release();
        }

        await _rpc.Completion.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
    }

    /// <summary>Positional params in the contract's order, the request stream in its parameter's place.</summary>
    private static object?[] Params(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream)
    {
        var parameters = method.DeclaredParameters;
        var values = new object?[parameters.Count];
        for (int i = 0, j = 0; i < parameters.Count; i++)
        {
            values[i] = parameters[i].IsStream ? requestStream : args[j++];
        }

        return values;
    }

    /// <summary>
    /// The call's result, or OperationCanceledException as soon as <paramref name="token"/> fires: StreamJsonRpc has
    /// sent <c>$/cancelRequest</c> by then but waits for the peer's answer, which a broken peer never sends. A call
    /// left behind is observed, so its late failure is not left to the finalizer.
    /// </summary>
    private static async Task<T> StopWaitingAt<T>(CancellationToken token, Task<T> call)
    {
        try
        {
            return await call.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            LeaveBehind(call);
            throw;
        }
    }

    /// <summary>A call no longer waited for: its late failure is observed here, not left to the finalizer.</summary>
    private static void LeaveBehind(Task call) =>
        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private Exception Unwrap(Exception e) =>
        e is ObjectDisposedException && _rpc.IsDisposed
            ? new RpcException(RpcStatusCode.Unavailable, "the client is closed", e)
            : JsonRpcErrors.Unwrap(e);
}
