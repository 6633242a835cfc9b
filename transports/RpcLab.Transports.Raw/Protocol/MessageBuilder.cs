using System.Globalization;
using System.Text.Json;
using RpcLab.Transports.Raw.Framing;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Protocol;

/// <summary>
/// Writes one message into a frame: <see cref="Start"/> opens <c>{"header":...,"value":{"id":...</c>, the caller
/// writes the value's other fields with <see cref="Writer"/>, and <see cref="Finish"/> closes it and fills in the
/// length prefix. A builder and its buffer are reused by the next message on the same thread (one is cached per
/// thread; one that grew past <see cref="CachedCapacity"/> is returned to the pool instead). Not thread-safe:
/// one message at a time, disposed once when the frame has been sent.
/// </summary>
public sealed class MessageBuilder : IDisposable
{
    /// <summary>The largest buffer kept for the next message; a larger one goes back to the pool.</summary>
    public const int CachedCapacity = 64 * 1024;

    [ThreadStatic]
    private static MessageBuilder? t_cached;

    private readonly FrameBuilder _frame = new();

    private MessageBuilder() => Writer = new Utf8JsonWriter(_frame, RawJson.WriterOptions);

    public Utf8JsonWriter Writer { get; }

    public static MessageBuilder Start(MessageKind kind, long? id)
    {
        var builder = t_cached ?? new MessageBuilder();
        t_cached = null;
        builder._frame.Reset();
        builder.Writer.Reset(builder._frame);
        var writer = builder.Writer;
        writer.WriteStartObject();
        writer.WriteString(MessageNames.Header, MessageNames.HeaderOf(kind));
        writer.WritePropertyName(MessageNames.Value);
        writer.WriteStartObject();
        if (id is { } callId)
        {
            writer.WriteNumber(MessageNames.Id, callId);
        }

        return builder;
    }

    /// <summary>
    /// Closes the message and returns the whole frame, valid until <see cref="Dispose"/>. A payload over
    /// <paramref name="maxPayload"/> is a <see cref="RawCallException"/> (Message Too Large): it is never sent.
    /// </summary>
    public ReadOnlyMemory<byte> Finish(int maxPayload)
    {
        Writer.WriteEndObject();
        Writer.WriteEndObject();
        Writer.Flush();
        if (_frame.PayloadLength > maxPayload)
        {
            throw new RawCallException(
                RawExceptionType.MessageTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"the message is {_frame.PayloadLength} bytes, over the limit of {maxPayload}"));
        }

        return _frame.Seal();
    }

    public void Dispose()
    {
        if (_frame.Capacity <= CachedCapacity)
        {
            t_cached = this;
        }
        else
        {
            _frame.Dispose();
        }
    }
}
