using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// One call on the client: sends the request, checks the response headers (a trailers-only status ends the
/// call there), reads response messages, and reads the status from the trailers at the end of the body.
/// Its token fires on the caller's cancellation or the local deadline timer, which also holds when the
/// server never answers; disposing it resets the HTTP/2 stream if the call is still open. Single use.
/// </summary>
internal sealed class GrpcClientCall : IDisposable
{
    private static readonly TransferCodingWithQualityHeaderValue Trailers = new("trailers");

    private readonly HttpClient _http;
    private readonly int _maxMessageSize;
    private readonly CallDeadline _deadline;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private bool _finished;

    public GrpcClientCall(HttpClient http, int maxMessageSize, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        _http = http;
        _maxMessageSize = maxMessageSize;
        _deadline = new CallDeadline(timeout, cancellationToken);
    }

    public CancellationToken Token => _deadline.Token;

    public async Task StartAsync(Uri uri, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        _request = request;
        request.Headers.TE.Add(Trailers);
        request.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        if (_deadline.Timeout is { } timeout)
        {
            request.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        // Headers only: the body is read message by message, and for a duplex call the request is still being written.
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token).ConfigureAwait(false);
        _response = response;

        var headerStatus = ReadStatus(response.Headers);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw headerStatus is { } s && s.Status != RpcStatusCode.OK
                ? s
                : new RpcException(GrpcProtocol.FromHttpStatus(response.StatusCode), $"the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (headerStatus is not null)
        {
            // Trailers-only: the whole answer was in the headers.
            _finished = true;
            if (headerStatus.Status != RpcStatusCode.OK)
            {
                throw headerStatus;
            }

            return;
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new RpcException(RpcStatusCode.Internal, $"the response content-type '{contentType}' is not application/grpc");
        }

        _body = await response.Content.ReadAsStreamAsync(Token).ConfigureAwait(false);
    }

    /// <summary>The next response message, or null when the call ended with OK; a non-OK status is thrown.</summary>
    public async ValueTask<byte[]?> ReadMessageAsync()
    {
        if (_finished)
        {
            return null;
        }

        var payload = await GrpcFrameCodec.ReadMessageAsync(_body!, _maxMessageSize, Token).ConfigureAwait(false);
        if (payload is null)
        {
            _finished = true;
            var status = ReadStatus(_response!.TrailingHeaders)
                ?? throw new RpcException(RpcStatusCode.Internal, "the server ended the response without a grpc-status (no trailers)");
            if (status.Status != RpcStatusCode.OK)
            {
                throw status;
            }
        }

        return payload;
    }

    /// <summary>What the caller sees for a failure of this call's plumbing (an RpcException passes unchanged).</summary>
    public RpcException Translate(Exception exception, Exception? requestError)
    {
        if (exception is RpcException rpc)
        {
            return rpc;
        }

        if (_deadline.Token.IsCancellationRequested)
        {
            return _deadline.Translate(exception is OperationCanceledException ? exception : new OperationCanceledException(exception.Message, exception));
        }

        if (requestError is not null)
        {
            return RpcErrors.ToRpcException(requestError);
        }

        if (FindInner<HttpProtocolException>(exception) is { } protocol)
        {
            return new RpcException(FromHttp2ErrorCode(protocol.ErrorCode), $"the HTTP/2 stream was reset: {protocol.Message}", exception);
        }

        return exception switch
        {
            HttpRequestException => new RpcException(RpcStatusCode.Unavailable, $"cannot reach {_request?.RequestUri?.Authority}: {exception.Message}", exception),
            IOException => new RpcException(RpcStatusCode.Unavailable, $"the connection failed during the call: {exception.Message}", exception),
            _ => RpcErrors.ToRpcException(exception),
        };
    }

    public void Dispose()
    {
        _response?.Dispose();
        _request?.Dispose();
        _deadline.Dispose();
    }

    private static RpcException? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return new RpcException(RpcStatusCode.Unknown, $"the server sent an unreadable grpc-status '{text}'");
        }

        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? GrpcStatusMessage.Decode(messages.FirstOrDefault() ?? string.Empty)
            : string.Empty;
        var status = Enum.IsDefined((RpcStatusCode)code) ? (RpcStatusCode)code : RpcStatusCode.Unknown;
        return new RpcException(status, message);
    }

    /// <summary>The RST_STREAM error codes as the gRPC spec maps them.</summary>
    private static RpcStatusCode FromHttp2ErrorCode(long code) => code switch
    {
        0x7 => RpcStatusCode.Unavailable, // REFUSED_STREAM
        0x8 => RpcStatusCode.Cancelled, // CANCEL
        0xB => RpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => RpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => RpcStatusCode.Internal,
    };

    private static T? FindInner<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }
        }

        return null;
    }
}
