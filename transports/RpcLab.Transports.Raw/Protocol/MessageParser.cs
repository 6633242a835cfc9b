using System.Text.Json;

namespace RpcLab.Transports.Raw.Protocol;

/// <summary>
/// Reads a frame's payload as a message: <c>{"header": "...", "value": {...}}</c>, one JSON object and nothing
/// after it, all of it valid UTF-8, with the fields its header requires (see <see cref="MessageKind"/>). Unknown properties are
/// ignored, so a newer peer may add some. Anything else is a <see cref="ProtocolException"/>. Allocation-light:
/// names and types become strings, values are left in place. Thread-safe (stateless).
/// </summary>
public static class MessageParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    private static readonly (byte[] Utf8, string Name)[] CommonTypeNames =
        new[] { "str", "int", "float", "long", "bool", "bytes" }.Select(n => (System.Text.Encoding.UTF8.GetBytes(n), n)).ToArray();

    public static MessageView Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw new ProtocolException("an empty message; expected {\"header\": ..., \"value\": {...}}");
        }

        var message = default(MessageView);
        try
        {
            var reader = new Utf8JsonReader(payload, ReaderOptions);
            ReadEnvelope(ref reader, ref message);
            Validate(ref message);

            // The reader checks a string's UTF-8 only when it decodes it, and args and items are decoded later, by
            // the call: checked here, once for the whole message, so bad bytes in an argument are a protocol error
            // with the call's id, like any other malformed message, not a failure deep inside the call.
            if (!System.Text.Unicode.Utf8.IsValid(payload))
            {
                throw new ProtocolException("invalid message: it is not valid UTF-8 (a string holds bytes that are not UTF-8)", message.Id);
            }

            return message;
        }
        catch (ProtocolException e) when (e.Id is null && message.Id is not null)
        {
            throw new ProtocolException(e.Message, message.Id);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // JsonException: malformed JSON; InvalidOperationException: a token of the wrong kind for its getter
            // (a number where a string belongs) or invalid UTF-8 in a string.
            throw new ProtocolException($"invalid message: {e.Message}", message.Id);
        }
    }

    private static void ReadEnvelope(ref Utf8JsonReader reader, ref MessageView message)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "a message is a JSON object with header and value");
        var hasHeader = false;
        var hasValue = false;
        var valueFirst = default(Utf8JsonReader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(MessageNames.Header.EncodedUtf8Bytes))
            {
                reader.Read();
                Expect(reader.TokenType == JsonTokenType.String, "header must be a string");
                if (!MessageNames.TryParseHeader(ref reader, out message.Kind))
                {
                    throw new ProtocolException($"unknown header \"{reader.GetString()}\"; expected one of {MessageNames.HeaderList}");
                }

                hasHeader = true;
            }
            else if (reader.ValueTextEquals(MessageNames.Value.EncodedUtf8Bytes))
            {
                reader.Read();
                Expect(reader.TokenType == JsonTokenType.StartObject, "value must be a JSON object");
                if (hasHeader)
                {
                    // The usual order: the header is known, so the value is read in this same pass.
                    ReadValue(ref reader, ref message);
                }
                else
                {
                    // The value came first: kept, and read once the header says what it is.
                    valueFirst = reader;
                    reader.Skip();
                }

                hasValue = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Reading past the object throws on anything but the end of the payload: one message per frame.
        Expect(!reader.Read(), "one JSON value per frame");
        Expect(hasHeader, "the message has no header");
        Expect(hasValue, "the message has no value");
        if (valueFirst.TokenType == JsonTokenType.StartObject)
        {
            ReadValue(ref valueFirst, ref message);
        }
    }

    // Reads the value object (the reader at its '{', left at its '}'), keeping args/returns and item in place.
    private static void ReadValue(ref Utf8JsonReader reader, ref MessageView message)
    {
        var hasValues = false;
        var hasItem = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            if (name.ValueTextEquals(MessageNames.Id.EncodedUtf8Bytes))
            {
                Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _), "id must be a whole number");
                message.Id = reader.GetInt64();
            }
            else if (name.ValueTextEquals(MessageNames.Service.EncodedUtf8Bytes))
            {
                message.Service = String(ref reader, "service");
            }
            else if (name.ValueTextEquals(MessageNames.Rpc.EncodedUtf8Bytes))
            {
                message.Rpc = String(ref reader, "rpc");
            }
            else if (name.ValueTextEquals(MessageNames.Client.EncodedUtf8Bytes))
            {
                message.Client = reader.TokenType == JsonTokenType.Null ? null : String(ref reader, "client");
            }
            else if (name.ValueTextEquals(MessageNames.TimeoutMs.EncodedUtf8Bytes))
            {
                Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms >= 0, "timeoutMs must be a whole number of milliseconds, 0 or more");
                message.TimeoutMs = reader.GetInt64();
            }
            else if (name.ValueTextEquals(MessageNames.Type.EncodedUtf8Bytes))
            {
                message.Type = String(ref reader, "type");
            }
            else if (name.ValueTextEquals(MessageNames.Message.EncodedUtf8Bytes))
            {
                message.Message = String(ref reader, "message");
            }
            else if (name.ValueTextEquals(MessageNames.Status.EncodedUtf8Bytes))
            {
                message.Status = reader.TokenType == JsonTokenType.Null ? null : String(ref reader, "status");
            }
            else if (name.ValueTextEquals(MessageNames.Count.EncodedUtf8Bytes))
            {
                Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count) && count > 0, "count must be a whole number, 1 or more");
                message.Count = reader.GetInt32();
            }
            else if (name.ValueTextEquals(MessageNames.ArgTypes.EncodedUtf8Bytes))
            {
                message.ArgTypes = Strings(ref reader, "argTypes");
            }
            else if (name.ValueTextEquals(MessageNames.ReturnTypes.EncodedUtf8Bytes))
            {
                message.ReturnTypes = reader.TokenType == JsonTokenType.Null ? null : Strings(ref reader, "returnTypes");
            }
            else if (name.ValueTextEquals(MessageNames.Args.EncodedUtf8Bytes) || name.ValueTextEquals(MessageNames.Returns.EncodedUtf8Bytes))
            {
                Expect(reader.TokenType == JsonTokenType.StartArray, $"{name.GetString()} must be a JSON array");
                message.Values = reader;
                hasValues = true;
                reader.Skip();
            }
            else if (name.ValueTextEquals(MessageNames.Item.EncodedUtf8Bytes))
            {
                message.Item = reader;
                hasItem = true;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        var id = message.Id;
        switch (message.Kind)
        {
            case MessageKind.Request:
                Expect(hasValues, "a request has args", id);
                break;
            case MessageKind.Response:
                Expect(hasValues, "a response has returns", id);
                break;
            case MessageKind.Item:
                Expect(hasItem, "an item message has an item", id);
                break;
        }
    }

    private static void Validate(ref MessageView message)
    {
        var id = message.Id;
        if (message.Kind != MessageKind.Exception)
        {
            Expect(id is not null, $"{MessageNames.HeaderOf(message.Kind)} messages carry an id");
        }

        switch (message.Kind)
        {
            case MessageKind.Request:
                Expect(message.Service is not null, "a request names its service", id);
                Expect(message.Rpc is not null, "a request names its rpc", id);
                Expect(message.ArgTypes is not null, "a request declares its argTypes", id);
                break;
            case MessageKind.Response:
                Expect(message.ReturnTypes is not null, "a response declares its returnTypes", id);
                break;
            case MessageKind.Exception:
                Expect(message.Type is not null, "an exception has a type", id);
                Expect(message.Message is not null, "an exception has a message", id);
                break;
            case MessageKind.More:
                Expect(message.Count > 0, "a more message has a count", id);
                break;
        }
    }

    private static string String(ref Utf8JsonReader reader, string field)
    {
        Expect(reader.TokenType == JsonTokenType.String, $"{field} must be a string");
        return reader.GetString()!;
    }

    private static string[] Strings(ref Utf8JsonReader reader, string field)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, $"{field} must be an array of type names");

        // Counted first on a copy (a few bytes), so the array is made once at its size.
        var count = 0;
        var counter = reader;
        while (counter.Read() && counter.TokenType != JsonTokenType.EndArray)
        {
            counter.Skip();
            count++;
        }

        var names = count == 0 ? [] : new string[count];
        for (var i = 0; i < names.Length; i++)
        {
            reader.Read();
            Expect(reader.TokenType == JsonTokenType.String, $"each of {field} must be a string");
            names[i] = CommonTypeName(ref reader) ?? reader.GetString()!;
        }

        reader.Read();
        return names;
    }

    // The common type names as the same string objects every time, without decoding them again.
    private static string? CommonTypeName(ref Utf8JsonReader reader)
    {
        foreach (var (utf8, name) in CommonTypeNames)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return name;
            }
        }

        return null;
    }

    private static void Expect(bool condition, string what, long? id = null)
    {
        if (!condition)
        {
            throw new ProtocolException($"invalid message: {what}", id);
        }
    }
}
