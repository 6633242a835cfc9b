using System.Buffers;

namespace RpcLab.Transports.JsonRpc.Framing;

/// <summary>
/// One message per line, so a person can talk to a server with <c>nc</c>. A trailing CR is dropped
/// (telnet and some nc builds send CR LF) and blank lines are ignored. A line longer than the limit is
/// discarded up to its newline without being buffered. Payloads must not contain a raw newline, which
/// compact JSON never does (control characters in strings are escaped). Immutable and thread-safe.
/// </summary>
internal sealed class NewlineFramer : IMessageFramer
{
    public static NewlineFramer Instance { get; } = new();

    public string Name => "newline";

    public IFrameDecoder CreateDecoder(int maxMessageSize) => new Decoder(maxMessageSize);

    public void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        if (payload.Contains((byte)'\n'))
        {
            throw new ArgumentException("a newline-framed message cannot contain a newline", nameof(payload));
        }

        output.Write(payload);
        output.Write("\n"u8);
    }

    private sealed class Decoder(int maxMessageSize) : IFrameDecoder
    {
        private bool _skippingLine;

        public FrameResult Decode(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
        {
            payload = default;
            while (true)
            {
                var newline = buffer.PositionOf((byte)'\n');
                if (_skippingLine)
                {
                    if (newline is null)
                    {
                        buffer = buffer.Slice(buffer.End);
                        return FrameResult.NeedMoreData;
                    }

                    buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
                    _skippingLine = false;
                    continue;
                }

                if (newline is null)
                {
                    if (buffer.Length > maxMessageSize)
                    {
                        // Too long already and still no end: drop what we have and the rest of the line.
                        var length = buffer.Length;
                        buffer = buffer.Slice(buffer.End);
                        _skippingLine = true;
                        return new FrameResult(FrameStatus.Oversized, $"line of more than {length} bytes exceeds the limit of {maxMessageSize} bytes");
                    }

                    return FrameResult.NeedMoreData;
                }

                var line = buffer.Slice(0, newline.Value);
                buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
                if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
                {
                    line = line.Slice(0, line.Length - 1);
                }

                if (line.Length > maxMessageSize)
                {
                    return new FrameResult(FrameStatus.Oversized, $"line of {line.Length} bytes exceeds the limit of {maxMessageSize} bytes");
                }

                if (IsBlank(line))
                {
                    continue;
                }

                payload = line;
                return FrameResult.Message;
            }
        }

        private static bool IsBlank(ReadOnlySequence<byte> line)
        {
            foreach (var segment in line)
            {
                if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
