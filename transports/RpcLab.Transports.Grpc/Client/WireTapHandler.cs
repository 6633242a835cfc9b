using System.Net;
using RpcLab.Transports.Buffers;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// The wire tap (<see cref="ClientOptions.WireTap"/>) for gRPC: tees the HTTP/2 request and response bodies of every
/// call as grpc-dotnet writes and reads them, and reports each length-prefixed message whole (flag, length, protobuf
/// bytes), as it went over the wire. Only in the handler chain when a tap is set. Thread-safe.
/// </summary>
internal sealed class WireTapHandler(Action<WireDirection, ReadOnlyMemory<byte>> tap) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } sent)
        {
            request.Content = new TappedContent(sent, new MessageSplitter(WireDirection.Sent, tap));
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.Content = new TappedContent(response.Content, new MessageSplitter(WireDirection.Received, tap));
        return response;
    }

    /// <summary>The inner content with the same headers, its bytes passing through a <see cref="MessageSplitter"/> both ways.</summary>
    private sealed class TappedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly MessageSplitter _splitter;

        public TappedContent(HttpContent inner, MessageSplitter splitter)
        {
            _inner = inner;
            _splitter = splitter;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            _inner.CopyToAsync(new TeeStream(stream, _splitter), context);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _inner.CopyToAsync(new TeeStream(stream, _splitter), context, cancellationToken);

        protected override async Task<Stream> CreateContentReadStreamAsync() =>
            new TeeStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), _splitter);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new TeeStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _splitter);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A stream that hands every byte written to it or read from it to the splitter on the way through.</summary>
    private sealed class TeeStream(Stream inner, MessageSplitter splitter) : PassThroughStream(inner)
    {
        protected override void OnRead(ReadOnlySpan<byte> bytes) => splitter.Add(bytes);

        protected override void OnWrite(ReadOnlySpan<byte> bytes) => splitter.Add(bytes);
    }

    /// <summary>
    /// Cuts one direction's bytes back into the messages the wire view shows, using only the 5-byte prefix's length
    /// (grpc-dotnet did the framing; this only finds where each message ends). Bytes of one body arrive in order on
    /// one thread at a time.
    /// </summary>
    private sealed class MessageSplitter(WireDirection direction, Action<WireDirection, ReadOnlyMemory<byte>> tap)
    {
        private const int PrefixLength = 5;
        private readonly List<byte> _pending = [];

        public void Add(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty)
            {
                return;
            }

            lock (_pending)
            {
                _pending.AddRange(bytes);
                while (_pending.Count >= PrefixLength)
                {
                    var length = PrefixLength + (long)((uint)_pending[1] << 24 | (uint)_pending[2] << 16 | (uint)_pending[3] << 8 | _pending[4]);
                    if (_pending.Count < length)
                    {
                        return;
                    }

                    var message = _pending.GetRange(0, (int)length).ToArray();
                    _pending.RemoveRange(0, (int)length);
                    tap(direction, message);
                }
            }
        }
    }
}
