using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace RpcLab.Transports.JsonRpc.Framing;

/// <summary>
/// The base protocol of LSP, vscode-jsonrpc and StreamJsonRpc: <c>Content-Length: N\r\n</c>, optional
/// further headers (Content-Type), an empty line, then exactly N bytes. The length is checked against
/// the limit as soon as the header is complete, before any of the body is buffered; an oversized body
/// is skipped as it arrives, so the stream stays in step. Immutable and thread-safe.
/// </summary>
internal sealed class ContentLengthFramer : IMessageFramer
{
    /// <summary>The most header bytes accepted before the empty line; more is garbage, not a header.</summary>
    public const int MaxHeaderSize = 4096;

    private static readonly byte[] ContentLengthName = "Content-Length"u8.ToArray();

    public static ContentLengthFramer Instance { get; } = new();

    public string Name => "content-length";

    public IFrameDecoder CreateDecoder(int maxMessageSize) => new Decoder(maxMessageSize);

    public void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        // Written in place: no header string per message.
        output.Write("Content-Length: "u8);
        var digits = output.GetSpan(11);
        Utf8Formatter.TryFormat(payload.Length, digits, out var written);
        output.Advance(written);
        output.Write("\r\n\r\n"u8);
        output.Write(payload);
    }

    private sealed class Decoder(int maxMessageSize) : IFrameDecoder
    {
        private long _skipRemaining;

        public FrameResult Decode(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
        {
            payload = default;
            if (_skipRemaining > 0)
            {
                var skip = Math.Min(_skipRemaining, buffer.Length);
                buffer = buffer.Slice(skip);
                _skipRemaining -= skip;
                if (_skipRemaining > 0)
                {
                    return FrameResult.NeedMoreData;
                }
            }

            if (buffer.IsEmpty)
            {
                return FrameResult.NeedMoreData;
            }

            var header = ReadHeader(buffer, out var headerLength, out var contentLength);
            if (header.Status != FrameStatus.Message)
            {
                return header;
            }

            if (contentLength > maxMessageSize)
            {
                // Drop the header now and the body as it comes, never holding more than one read of it.
                buffer = buffer.Slice(headerLength);
                var skip = Math.Min(contentLength, buffer.Length);
                buffer = buffer.Slice(skip);
                _skipRemaining = contentLength - skip;
                return new FrameResult(FrameStatus.Oversized, $"message of {contentLength} bytes exceeds the limit of {maxMessageSize} bytes");
            }

            if (buffer.Length - headerLength < contentLength)
            {
                return FrameResult.NeedMore(headerLength + contentLength);
            }

            payload = buffer.Slice(headerLength, contentLength);
            buffer = buffer.Slice(headerLength + contentLength);
            return FrameResult.Message;
        }

        /// <summary>
        /// Parses the header lines seen so far. Each complete line is checked at once, so a peer that
        /// sends JSON without a header (a newline-framing client) is told so immediately, not after 4 KiB.
        /// </summary>
        private static FrameResult ReadHeader(ReadOnlySequence<byte> buffer, out long headerLength, out long contentLength)
        {
            headerLength = 0;
            contentLength = -1;
            var reader = new SequenceReader<byte>(buffer);

            // A usual header line is read on the stack, not copied to the heap for every message.
            Span<byte> scratch = stackalloc byte[128];
            while (true)
            {
                var lineStart = reader.Consumed;
                if (reader.TryPeek(out var first) && !IsAsciiLetter(first) && first != (byte)'\r')
                {
                    return Invalid(first is (byte)'{' or (byte)'['
                        ? "expected a 'Content-Length: N' header but got JSON (is the peer using newline framing?)"
                        : $"expected a header line but got byte 0x{first:x2}");
                }

                if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                {
                    return reader.Remaining > MaxHeaderSize ? Invalid($"header longer than {MaxHeaderSize} bytes") : FrameResult.NeedMoreData;
                }

                if (reader.Consumed > MaxHeaderSize)
                {
                    return Invalid($"header longer than {MaxHeaderSize} bytes");
                }

                if (line.IsEmpty || line.Slice(line.Length - 1).FirstSpan[0] != (byte)'\r')
                {
                    return Invalid("header lines must end with CR LF");
                }

                line = line.Slice(0, line.Length - 1);
                if (line.IsEmpty)
                {
                    if (lineStart == 0)
                    {
                        return Invalid("empty header: expected 'Content-Length: N'");
                    }

                    if (contentLength < 0)
                    {
                        return Invalid("the header has no Content-Length");
                    }

                    headerLength = reader.Consumed;
                    return FrameResult.Message;
                }

                var text = line.Length <= scratch.Length ? scratch[..(int)line.Length] : new byte[line.Length];
                line.CopyTo(text);
                var colon = text.IndexOf((byte)':');
                if (colon <= 0)
                {
                    return Invalid("a header line must look like 'Name: value'");
                }

                // Blanks around names and values are spaces or tabs (HTTP's OWS; vscode-jsonrpc trims both).
                if (Ascii.EqualsIgnoreCase(text[..colon].Trim(" \t"u8), ContentLengthName))
                {
                    if (contentLength >= 0)
                    {
                        return Invalid("more than one Content-Length header");
                    }

                    var value = text[(colon + 1)..].Trim(" \t"u8);
                    if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                    {
                        return Invalid($"Content-Length is not a non-negative integer: '{Encoding.ASCII.GetString(value)}'");
                    }

                    contentLength = length;
                }
            }
        }

        private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

        private static FrameResult Invalid(string error) => new(FrameStatus.Invalid, "invalid header: " + error);
    }
}
