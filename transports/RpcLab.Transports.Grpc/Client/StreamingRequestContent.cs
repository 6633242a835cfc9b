using System.Net;
using Google.Protobuf;
using RpcLab.Transports.Grpc.Protocol;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// A request body written from a stream of messages while the response is being read (HTTP/2 is full duplex),
/// one frame per message, flushed at once so a chat sees each message as it is produced. Single use.
/// </summary>
internal sealed class StreamingRequestContent<T> : HttpContent
    where T : IMessage
{
    private readonly IAsyncEnumerable<T> _messages;
    private readonly int _maxMessageSize;
    private readonly CancellationToken _callToken;

    public StreamingRequestContent(IAsyncEnumerable<T> messages, int maxMessageSize, CancellationToken callToken)
    {
        _messages = messages;
        _maxMessageSize = maxMessageSize;
        _callToken = callToken;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    /// <summary>
    /// Why writing the request failed (the caller's stream threw, or a message was too large), when it did;
    /// HttpClient only reports that the request was aborted.
    /// </summary>
    public Exception? Error { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HttpClient's token stops the body when the response has ended; the call's token when the caller gives up.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callToken);
        try
        {
            await foreach (var message in _messages.WithCancellation(linked.Token).ConfigureAwait(false))
            {
                var frame = GrpcMarshaller.ToFrame(message, _maxMessageSize);
                await stream.WriteAsync(frame, linked.Token).ConfigureAwait(false);
                await stream.FlushAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!linked.IsCancellationRequested)
        {
            Error = e;
            throw;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
