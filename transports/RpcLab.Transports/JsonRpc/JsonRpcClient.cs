using System.Net.Sockets;
using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// A JSON-RPC client: one TCP connection, positional params, the typed services through
/// <see cref="RpcProxy"/>. Deadlines and caller cancellation stop the wait at once and send
/// <c>$/cancelRequest</c>; a request stream is sent as an enumerator token the server pulls from.
/// Thread-safe: calls may be made concurrently over the one connection.
/// </summary>
internal sealed class JsonRpcClient : IRpcClient, IRpcInvoker
{
    private static readonly IReadOnlyDictionary<string, JsonRpcHandler> NoMethods = new Dictionary<string, JsonRpcHandler>();
    private readonly JsonRpcConnection _connection;

    private JsonRpcClient(JsonRpcConnection connection, CallOptions defaults)
    {
        _connection = connection;
        Services = RpcProxy.CreateServiceSet(this, defaults);
    }

    public string Transport => "jsonrpc";

    public ServiceSet Services { get; }

    internal JsonRpcConnection Connection => _connection;

    public static async Task<JsonRpcClient> ConnectAsync(ClientOptions options, JsonRpcOptions jsonRpc, CancellationToken cancellationToken)
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

        // The client serves no methods of its own, only the pulls of the streams it sends.
        var connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true), jsonRpc, options.MaxMessageSize, NoMethods, socket.RemoteEndPoint?.ToString(), callLog: null);
        connection.Start();
        return new JsonRpcClient(connection, options.DefaultCall);
    }

    public ServiceSet With(CallOptions options) => RpcProxy.CreateServiceSet(this, options);

    public async Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        long? streamToken = null;
        try
        {
            streamToken = requestStream is null ? null : _connection.Enumerators.Register(_ => requestStream, deadline.Token);
            var result = await _connection.InvokeAsync(method.FullName, Params(method, args, streamToken), deadline.Token).ConfigureAwait(false);
            return method.ResultType is null ? null : JsonRpcFormatter.Deserialize(result, method.ResultType);
        }
        catch (Exception e)
        {
            throw deadline.Translate(e);
        }
        finally
        {
            // The reply means the server is done with the request stream, whether or not it read it all.
            if (streamToken is { } token)
            {
                _connection.Enumerators.Release(token);
            }
        }
    }

    public async IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        long? streamToken = null;
        try
        {
            var items = deadline.TranslateStream(async () =>
            {
                streamToken = requestStream is null ? null : _connection.Enumerators.Register(_ => requestStream, deadline.Token);
                var result = await _connection.InvokeAsync(method.FullName, Params(method, args, streamToken), deadline.Token).ConfigureAwait(false);
                return (RemoteEnumerable.TryCreate(_connection, result, method.ResultType!)
                    ?? throw new RpcException(RpcStatusCode.Internal, $"{method.FullName} should return an enumerator token, got {result.GetRawText()}"))
                    .GetAsyncEnumerator(deadline.Token);
            });
            await foreach (var item in items.ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            if (streamToken is { } token)
            {
                _connection.Enumerators.Release(token);
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>Positional params in the contract's order, the request stream's token in its place.</summary>
    private static object?[] Params(RpcMethod method, object?[] args, long? streamToken)
    {
        var parameters = WireParameter.Of(method.Method);
        var values = new object?[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            values[i] = parameters[i].IsStream ? new EnumeratorToken(streamToken!.Value) : args[parameters[i].ArgumentIndex];
        }

        return values;
    }
}
