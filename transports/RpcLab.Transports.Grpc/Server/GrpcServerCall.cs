using System.Buffers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protocol;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// One call on the server: reads request messages from the HTTP/2 request body, writes response messages
/// and finally the status. Writes and the status are serialized by a lock, and nothing is written after
/// the status, so a handler still running when the deadline fires cannot corrupt the response.
/// Reads are for one reader at a time (the handler).
/// </summary>
internal sealed class GrpcServerCall : IDisposable
{
    private readonly HttpContext _context;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _cancellation;
    private readonly bool _hasDeadline;
    private bool _messageWritten;
    private bool _completed;

    public GrpcServerCall(HttpContext context, int maxMessageSize, TimeSpan? timeout, CancellationToken serverStopping)
    {
        _context = context;
        MaxMessageSize = maxMessageSize;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        // CancelAfter takes at most ~49 days; a longer deadline is as good as none.
        if (timeout is { } t && t.TotalMilliseconds < uint.MaxValue - 1)
        {
            _hasDeadline = true;
            _cancellation.CancelAfter(t);
        }

        ServerStopping = serverStopping;
    }

    /// <summary>Fires when the client goes away, the deadline passes or the server stops.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    public CancellationToken ServerStopping { get; }

    public int MaxMessageSize { get; }

    /// <summary>True when the call was cancelled by its deadline (not by the client or the server stopping).</summary>
    public bool DeadlineExceeded => _hasDeadline && _cancellation.IsCancellationRequested && !ClientGone && !ServerStopping.IsCancellationRequested;

    public bool ClientGone => _context.RequestAborted.IsCancellationRequested;

    /// <summary>
    /// A unary request: exactly one message, then the end of the request stream. Any other count is a request
    /// cardinality violation, UNIMPLEMENTED by grpc/grpc doc/statuscodes.md.
    /// </summary>
    public async Task<T> ReadSingleMessageAsync<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        var body = _context.Request.Body;
        var payload = await GrpcFrameCodec.ReadMessageAsync(body, MaxMessageSize, CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(RpcStatusCode.Unimplemented, "the request ended without a message (a unary request carries exactly one)");
        if (await GrpcFrameCodec.ReadMessageAsync(body, MaxMessageSize, CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RpcException(RpcStatusCode.Unimplemented, "the request carried more than one message (a unary request carries exactly one)");
        }

        return GrpcMarshaller.Parse(parser, payload);
    }

    /// <summary>A request stream: the messages until the client half-closes. Enumerate once.</summary>
    public async IAsyncEnumerable<T> ReadMessagesAsync<T>(MessageParser<T> parser, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IMessage<T>
    {
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CancellationToken)
            : null;
        var token = linked?.Token ?? CancellationToken;
        var body = _context.Request.Body;
        while (await GrpcFrameCodec.ReadMessageAsync(body, MaxMessageSize, token).ConfigureAwait(false) is { } payload)
        {
            yield return GrpcMarshaller.Parse(parser, payload);
        }
    }

    /// <summary>
    /// Writes one response message. <paramref name="flush"/> sends it at once (streams); a unary reply is left
    /// buffered so it leaves with the trailers.
    /// </summary>
    public async Task WriteMessageAsync(IMessage message, bool flush)
    {
        var frame = GrpcMarshaller.ToFrame(message, MaxMessageSize);
        await _writeLock.WaitAsync(CancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new OperationCanceledException("the call has already completed");
            }

            _messageWritten = true;
            var writer = _context.Response.BodyWriter;
            if (flush)
            {
                await writer.WriteAsync(frame, CancellationToken).ConfigureAwait(false);
            }
            else
            {
                writer.Write(frame);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sends the status: in the trailers after messages, or in the headers ("trailers-only") when no message
    /// was written. Decided by our own flag, not Response.HasStarted, because a unary reply is still buffered.
    /// Returns false when the status had already been sent.
    /// </summary>
    public async Task<bool> CompleteAsync(RpcStatusCode status, string? detail)
    {
        // Not cancellable: the status must go out even when the deadline has just fired.
        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return false;
            }

            _completed = true;
            if (ClientGone)
            {
                return true;
            }

            var response = _context.Response;
            var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_messageWritten)
            {
                response.AppendTrailer(GrpcProtocol.StatusHeader, code);
                if (!string.IsNullOrEmpty(detail))
                {
                    response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcStatusMessage.Encode(detail));
                }
            }
            else
            {
                response.Headers[GrpcProtocol.StatusHeader] = code;
                if (!string.IsNullOrEmpty(detail))
                {
                    response.Headers[GrpcProtocol.MessageHeader] = GrpcStatusMessage.Encode(detail);
                }
            }

            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        _writeLock.Dispose();
    }
}
