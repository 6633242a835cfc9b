using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// What a message-based transport's client implements: send one named call and bring back its result
/// or its items. <see cref="RpcProxy"/> turns contract calls into these, so the typed client stubs are
/// written once for every such transport. Results must already be of <see cref="RpcMethod.ResultType"/>;
/// failures must be <see cref="Services.Errors.RpcException"/>. Implementations are thread-safe.
/// </summary>
public interface IRpcInvoker
{
    /// <summary>A unary or client-streaming call; the result boxed (null for a method returning Task).</summary>
    Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken);

    /// <summary>A server-streaming or duplex call; the items, boxed, as they arrive.</summary>
    IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken);
}
