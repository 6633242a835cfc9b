using System.Buffers;

namespace RpcLab.Transports.JsonRpc.Framing;

/// <summary>
/// How messages are cut out of a byte stream and put back into one. A framer sees only bytes: it knows
/// nothing of JSON (the split StreamJsonRpc makes between message handlers and formatters): the
/// spec-compliance handler pairs it with StreamJsonRpc's formatter.
/// Implementations are immutable and thread-safe; the per-connection reading state lives in the
/// <see cref="IFrameDecoder"/> each connection creates.
/// </summary>
internal interface IMessageFramer
{
    /// <summary>The name used on the command line: content-length, newline.</summary>
    string Name { get; }

    /// <summary>A decoder for one incoming byte stream; not thread-safe, one per connection.</summary>
    IFrameDecoder CreateDecoder(int maxMessageSize);

    /// <summary>Writes <paramref name="payload"/> as one frame (header or delimiter included).</summary>
    void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload);
}
