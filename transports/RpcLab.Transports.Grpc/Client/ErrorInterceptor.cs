using Grpc.Core;
using Grpc.Core.Interceptors;
using RpcLab.Transports.Grpc.Errors;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Security;
using OurException = RpcLab.Services.Errors.RpcException;
using GrpcException = Grpc.Core.RpcException;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// The client's one error mapping, on the channel's <see cref="CallInvoker"/>: every failure of every call shape
/// (the response, each read of a response stream, each write of a request stream) surfaces as our
/// <see cref="OurException"/> with the status the server sent, or the one grpc-dotnet gave (UNAVAILABLE when nothing
/// listens, DEADLINE_EXCEEDED at the call's deadline, CANCELLED when the caller cancels). Any generated client
/// built on this invoker, the originals' included, fails the same way. Thread-safe.
/// </summary>
internal sealed class ErrorInterceptor : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        return new AsyncClientStreamingCall<TRequest, TResponse>(new Writer<TRequest>(call.RequestStream), Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(new Reader<TResponse>(call.ResponseStream), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(new Writer<TRequest>(call.RequestStream), new Reader<TResponse>(call.ResponseStream), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    /// <summary>Our exception for any failure of a call (an <see cref="OurException"/> passes unchanged).</summary>
    internal static OurException Translate(Exception exception) => exception switch
    {
        // A refused certificate says what was checked and what to pass, instead of grpc-dotnet's nested messages.
        GrpcException grpc when ClientTrust.Explain(grpc.Status.DebugException) is { } tls => new OurException(RpcStatusCode.Unavailable, tls, grpc),
        GrpcException grpc => StatusMapping.FromGrpc(grpc),
        _ => RpcErrors.ToRpcException(exception),
    };

    private static async Task<T> Translate<T>(Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OurException)
        {
            throw Translate(e);
        }
    }

    private static async Task Translate(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OurException)
        {
            throw Translate(e);
        }
    }

    private sealed class Reader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Translate(inner.MoveNext(cancellationToken));
    }

    private sealed class Writer<T>(IClientStreamWriter<T> inner) : IClientStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => Translate(inner.WriteAsync(message));

        public Task WriteAsync(T message, CancellationToken cancellationToken) => Translate(inner.WriteAsync(message, cancellationToken));

        public Task CompleteAsync() => Translate(inner.CompleteAsync());
    }
}
