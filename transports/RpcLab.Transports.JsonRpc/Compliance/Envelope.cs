using System.Text.Json;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// The top-level members of one JSON-RPC object (a message, or one entry of a batch), read with a
/// <see cref="Utf8JsonReader"/> without building a document, and what they make it: request, notification,
/// response, broken response or invalid. Keeps where the object and its <c>id</c> value lie in the bytes, so
/// the id can be replaced without parsing again. Duplicate members: the last one wins, as for StreamJsonRpc's
/// formatter (System.Text.Json's <c>JsonElement</c>). Immutable; a struct, since one is read for every message.
/// </summary>
internal readonly struct Envelope
{
    private Envelope(EnvelopeKind kind, string? problem)
    {
        Kind = kind;
        Problem = problem;
    }

    public EnvelopeKind Kind { get; private init; }

    /// <summary>Why the object is Invalid or a BrokenResponse.</summary>
    public string? Problem { get; private init; }

    public string? Method { get; private init; }

    /// <summary>The id, when it is one the specification allows (string, number or null); null otherwise or when absent.</summary>
    public MessageId? Id { get; private init; }

    /// <summary>Where the id's value lies in the bytes read (when the object has an id member at all).</summary>
    public Range? IdValue { get; private init; }

    /// <summary>The offset of the object's opening brace.</summary>
    public int ObjectStart { get; private init; }

    /// <summary>Where <c>params</c> lies in the bytes read, when present.</summary>
    public Range? Params { get; private init; }

    /// <summary>Whether one of the arguments in <c>params</c> (an item of the array, a member of the object) is JSON null.</summary>
    public bool ParamsHoldNull { get; private init; }

    /// <summary>For an error response: its code, message and <c>data.status</c> when readable.</summary>
    public (int Code, string Message, RpcStatusCode? Status)? Error { get; private init; }

    /// <summary>
    /// Reads <paramref name="json"/> through to its end, so this one pass also checks that it is one JSON value;
    /// throws JsonException when it is not (a parse error, not an invalid request).
    /// </summary>
    public static Envelope Read(ReadOnlySpan<byte> json, RecentNames? names = null)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var token = reader.TokenType;
            reader.Skip();
            EnsureEnd(ref reader);
            return new Envelope(EnvelopeKind.Invalid, $"a message must be an object, not {Describe(token)}");
        }

        var objectStart = (int)reader.TokenStartIndex;
        bool hasVersion = false, hasMethod = false, hasId = false, hasParams = false, hasResult = false, hasError = false, paramsNull = false;
        JsonTokenType methodToken = default, idToken = default, paramsToken = default;
        string? method = null, idString = null;
        Range? idRange = null, paramsRange = null;
        (int, string, RpcStatusCode?)? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                reader.Read();
                hasVersion = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                hasMethod = true;
                methodToken = reader.TokenType;
                method = methodToken != JsonTokenType.String ? null : names is null ? TryGetString(ref reader) : names.Read(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                hasId = true;
                idToken = reader.TokenType;
                idString = idToken == JsonTokenType.String ? TryGetString(ref reader) : null;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                idRange = start..(int)reader.BytesConsumed;
                continue;
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                hasParams = true;
                paramsToken = reader.TokenType;
                var start = (int)reader.TokenStartIndex;
                paramsNull = SkipArguments(ref reader);
                paramsRange = start..(int)reader.BytesConsumed;
                continue;
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                hasResult = true;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                hasError = true;
                error = ReadError(ref reader);
                continue;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        EnsureEnd(ref reader);
        MessageId? id = hasId ? MessageId.From(idToken, idString, idRange is { } r ? json[r] : default) : null;
        var envelope = Classify();
        return new Envelope(envelope.Kind, envelope.Problem)
        {
            Method = method,
            Id = id,
            IdValue = idRange,
            ObjectStart = objectStart,
            Params = paramsRange,
            ParamsHoldNull = paramsNull,
            Error = error,
        };

        (EnvelopeKind Kind, string? Problem) Classify()
        {
            if (hasMethod)
            {
                if (!hasVersion)
                {
                    return (EnvelopeKind.Invalid, "\"jsonrpc\" must be \"2.0\"");
                }

                if (method is null)
                {
                    return (EnvelopeKind.Invalid, methodToken == JsonTokenType.String ? "\"method\" is not valid UTF-16 text" : "\"method\" must be a string");
                }

                if (hasId && id is null)
                {
                    return (EnvelopeKind.Invalid, "\"id\" must be a string, a number or null");
                }

                if (hasParams && paramsToken is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
                {
                    return (EnvelopeKind.Invalid, "\"params\" must be an array or an object");
                }

                return (hasId ? EnvelopeKind.Request : EnvelopeKind.Notification, null);
            }

            if (hasResult || hasError)
            {
                if (hasResult == hasError || id is null)
                {
                    return (EnvelopeKind.BrokenResponse, "a response needs an id and exactly one of result and error");
                }

                return hasError && error is null
                    ? (EnvelopeKind.BrokenResponse, "an error needs an integer code and a string message")
                    : (EnvelopeKind.Response, null);
            }

            return (EnvelopeKind.Invalid, "neither a request (no \"method\") nor a response");
        }
    }

    /// <summary>The id a request's <c>params</c> name (<c>{"id": x}</c> or <c>[x]</c>), as <c>$/cancelRequest</c> sends it.</summary>
    public static MessageId? ReadIdParameter(ReadOnlySpan<byte> parameters)
    {
        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return reader.Read() && reader.TokenType != JsonTokenType.EndArray ? ReadId(ref reader, parameters) : null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
            {
                return ReadId(ref reader, parameters);
            }

            reader.Skip();
        }

        return null;
    }

    private static MessageId? ReadId(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        var token = reader.TokenType;
        var text = token == JsonTokenType.String ? TryGetString(ref reader) : null;
        reader.Skip();
        return MessageId.From(token, text, json[start..(int)reader.BytesConsumed]);
    }

    /// <summary>Skips <c>params</c>; true when one of its arguments (at the top level, not inside one) is JSON null.</summary>
    private static bool SkipArguments(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            reader.Skip();
            return false;
        }

        var hasNull = false;
        while (reader.Read() && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
            }

            hasNull |= reader.TokenType == JsonTokenType.Null;
            reader.Skip();
        }

        return hasNull;
    }

    /// <summary>Past the one value read: the reader itself throws for anything but whitespace after it.</summary>
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("more than one JSON value");
        }
    }

    /// <summary>Reads an error object's code, message and data.status; null when it is not one StreamJsonRpc can read.</summary>
    private static (int, string, RpcStatusCode?)? ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? code = null;
        string? message = null;
        RpcStatusCode? status = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var c) ? c : null;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? TryGetString(ref reader) : null;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                status = reader.TokenType == JsonTokenType.StartObject ? ReadStatus(ref reader) : null;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        return code is { } n && message is not null ? (n, message, status) : null;
    }

    /// <summary>Reads <c>data.status</c>; leaves the reader on the data object's end.</summary>
    private static RpcStatusCode? ReadStatus(ref Utf8JsonReader reader)
    {
        RpcStatusCode? status = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isStatus = reader.ValueTextEquals("status"u8);
            reader.Read();
            if (isStatus && reader.TokenType == JsonTokenType.String)
            {
                status = JsonRpcErrorCodes.ParseStatus(TryGetString(ref reader));
            }

            reader.Skip();
        }

        return status;
    }

    /// <summary>A string token's text; null for one that is not valid UTF-16 (a lone surrogate escape).</summary>
    internal static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };
}
