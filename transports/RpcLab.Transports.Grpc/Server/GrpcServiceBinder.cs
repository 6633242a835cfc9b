using System.Collections.Frozen;
using Google.Protobuf;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// The method table a server is built from: the service adapters add their methods by path. Not thread-safe
/// while being filled; <see cref="Build"/> freezes it for concurrent lookups.
/// </summary>
internal sealed class GrpcServiceBinder
{
    private readonly Dictionary<string, ServerMethodHandler> _methods = new(StringComparer.Ordinal);

    public void AddUnary<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<TRequest, CancellationToken, Task<TResponse>> implementation)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Shape, CallShape.Unary, new UnaryServerMethod<TRequest, TResponse>(method, implementation));

    public void AddClientStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<IAsyncEnumerable<TRequest>, CancellationToken, Task<TResponse>> implementation)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Shape, CallShape.ClientStreaming, new ClientStreamingServerMethod<TRequest, TResponse>(method, implementation));

    public void AddServerStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<TRequest, CancellationToken, IAsyncEnumerable<TResponse>> implementation)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Shape, CallShape.ServerStreaming, new ServerStreamingServerMethod<TRequest, TResponse>(method, implementation));

    public void AddDuplexStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<IAsyncEnumerable<TRequest>, CancellationToken, IAsyncEnumerable<TResponse>> implementation)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Shape, CallShape.DuplexStreaming, new DuplexStreamingServerMethod<TRequest, TResponse>(method, implementation));

    public FrozenDictionary<string, ServerMethodHandler> Build() => _methods.ToFrozenDictionary(StringComparer.Ordinal);

    private void Add(CallShape declared, CallShape bound, ServerMethodHandler handler)
    {
        if (declared != bound)
        {
            throw new InvalidOperationException($"{handler.Path} is declared {declared} but bound as {bound}");
        }

        if (!_methods.TryAdd(handler.Path, handler))
        {
            throw new InvalidOperationException($"{handler.Path} is bound twice");
        }
    }
}
