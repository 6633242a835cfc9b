using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// Makes gRPC calls of the four shapes over one HttpClient. Use it directly for contracts that are not in
/// the <see cref="Services.Contracts.ServiceSet"/> (the original course projects' services). Every failure is
/// an <see cref="RpcException"/>. Thread-safe.
/// </summary>
public sealed class GrpcCallInvoker
{
    private readonly HttpClient _http;
    private readonly string _baseAddress;
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);

    internal GrpcCallInvoker(HttpClient http, string baseAddress, int maxMessageSize)
    {
        _http = http;
        _baseAddress = baseAddress;
        MaxMessageSize = maxMessageSize;
    }

    public int MaxMessageSize { get; }

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = new GrpcClientCall(_http, MaxMessageSize, options.Timeout, cancellationToken);
        try
        {
            await call.StartAsync(UriOf(method.FullName), UnaryContent(request)).ConfigureAwait(false);
            return await ReadSingleAsync(call, method).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw call.Translate(e, requestError: null);
        }
    }

    public async Task<TResponse> ClientStreamingAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, IAsyncEnumerable<TRequest> requests, CallOptions options, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = new GrpcClientCall(_http, MaxMessageSize, options.Timeout, cancellationToken);
        var content = new StreamingRequestContent<TRequest>(requests, MaxMessageSize, call.Token);
        try
        {
            await call.StartAsync(UriOf(method.FullName), content).ConfigureAwait(false);
            return await ReadSingleAsync(call, method).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw call.Translate(e, content.Error);
        }
    }

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        ReadStreamAsync(method, request, requests: null, options, cancellationToken);

    public IAsyncEnumerable<TResponse> DuplexStreamingAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, IAsyncEnumerable<TRequest> requests, CallOptions options, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        ReadStreamAsync(method, request: null, requests, options, cancellationToken);

    private async IAsyncEnumerable<TResponse> ReadStreamAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest? request,
        IAsyncEnumerable<TRequest>? requests,
        CallOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = new GrpcClientCall(_http, MaxMessageSize, options.Timeout, cancellationToken);
        var streaming = requests is null ? null : new StreamingRequestContent<TRequest>(requests, MaxMessageSize, call.Token);
        try
        {
            await call.StartAsync(UriOf(method.FullName), (HttpContent?)streaming ?? UnaryContent(request!)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw call.Translate(e, streaming?.Error);
        }

        while (true)
        {
            TResponse response;
            try
            {
                if (await call.ReadMessageAsync().ConfigureAwait(false) is not { } payload)
                {
                    yield break;
                }

                response = GrpcMarshaller.Parse(method.ResponseParser, payload);
            }
            catch (Exception e)
            {
                throw call.Translate(e, streaming?.Error);
            }

            yield return response;
        }
    }

    /// <summary>Exactly one response message; any other count is a response cardinality violation, UNIMPLEMENTED by statuscodes.md.</summary>
    private static async Task<TResponse> ReadSingleAsync<TRequest, TResponse>(GrpcClientCall call, GrpcMethod<TRequest, TResponse> method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var payload = await call.ReadMessageAsync().ConfigureAwait(false)
            ?? throw new RpcException(RpcStatusCode.Unimplemented, $"{method.FullName} ended with OK but without a response message");
        if (await call.ReadMessageAsync().ConfigureAwait(false) is not null)
        {
            throw new RpcException(RpcStatusCode.Unimplemented, $"{method.FullName} answered with more than one message");
        }

        return GrpcMarshaller.Parse(method.ResponseParser, payload);
    }

    private ByteArrayContent UnaryContent(IMessage request)
    {
        // Serialized before sending, so an oversized request fails with ResourceExhausted and nothing goes out.
        var content = new ByteArrayContent(GrpcMarshaller.ToFrame(request, MaxMessageSize));
        content.Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
        return content;
    }

    private Uri UriOf(string path) => _uris.GetOrAdd(path, static (p, b) => new Uri(b + p), _baseAddress);
}
