using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RpcLab.Transports.Raw.Types;

/// <summary>
/// A type as the protocol names it (<c>int</c>, <c>float</c>, <c>str</c>, <c>List[int]</c>, <c>User</c>,
/// <c>Stream[bytes]</c>), bound to the .NET type its values are read into and the serializer metadata to do it
/// (looked up once, so no call pays for reflection). Build them with <see cref="RawTypes"/>. Immutable and
/// thread-safe.
/// </summary>
public sealed class RawType
{
    private readonly ScalarKind _scalar;

    internal RawType(string name, Type clrType, RawType? element, bool isStream)
    {
        Name = name;
        ClrType = clrType;
        Element = element;
        IsStream = isStream;
        EncodedName = JsonEncodedText.Encode(name);
        Info = isStream ? null : RawJson.Options.GetTypeInfo(clrType);
        _scalar = Type.GetTypeCode(clrType) switch
        {
            TypeCode.String => ScalarKind.String,
            TypeCode.Int32 => ScalarKind.Int32,
            TypeCode.Int64 => ScalarKind.Int64,
            TypeCode.Double => ScalarKind.Double,
            TypeCode.Boolean => ScalarKind.Boolean,
            _ => ScalarKind.None,
        };
    }


    /// <summary>The wire name, as it appears in argTypes and returnTypes.</summary>
    public string Name { get; }

    public JsonEncodedText EncodedName { get; }

    /// <summary>The .NET type values are read into (a stream: <c>IAsyncEnumerable&lt;T&gt;</c>).</summary>
    public Type ClrType { get; }

    /// <summary>The item type of a List or Stream.</summary>
    public RawType? Element { get; }

    /// <summary>A stream of items (<c>Stream[T]</c>): never a value, its items travel as item messages.</summary>
    public bool IsStream { get; }

    /// <summary>A record of a contract (<c>User</c>, <c>RequestId</c>): neither a scalar nor a list nor a stream.</summary>
    public bool IsRecord => _scalar == ScalarKind.None && Element is null && !IsStream && ClrType != typeof(byte[]);

    /// <summary>How values of this type are read and written; null for a stream.</summary>
    public JsonTypeInfo? Info { get; }

    /// <summary>
    /// Reads one value of this type at the reader's token, leaving the reader on its last token. A null or a
    /// value of another type is an <see cref="InvalidValueException"/> saying what was there instead.
    /// </summary>
    public object? Read(ref Utf8JsonReader reader)
    {
        var start = reader;
        object? value;
        try
        {
            value = (_scalar, reader.TokenType) switch
            {
                (ScalarKind.String, JsonTokenType.String) => reader.GetString(),
                (ScalarKind.Int32, JsonTokenType.Number) when reader.TryGetInt32(out var i) => i,
                (ScalarKind.Int64, JsonTokenType.Number) when reader.TryGetInt64(out var l) => l,
                (ScalarKind.Double, JsonTokenType.Number) => reader.GetDouble(),
                (ScalarKind.Boolean, JsonTokenType.True or JsonTokenType.False) => reader.GetBoolean(),
                _ => JsonSerializer.Deserialize(ref reader, Info!),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidValueException($"is declared {Name} but is {Describe(ref start)}", e);
        }

        // A record may be null: the contracts' optional record arguments (a RequestId left out) are sent as null.
        return value ?? (IsRecord ? null : throw new InvalidValueException($"is declared {Name} but is null"));
    }

    /// <summary>Writes <paramref name="value"/> as this type.</summary>
    public void Write(Utf8JsonWriter writer, object? value)
    {
        switch (_scalar, value)
        {
            case (ScalarKind.String, string text):
                writer.WriteStringValue(text);
                break;
            case (ScalarKind.Int32, int i):
                writer.WriteNumberValue(i);
                break;
            case (ScalarKind.Int64, long l):
                writer.WriteNumberValue(l);
                break;
            case (ScalarKind.Double, double d) when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case (ScalarKind.Boolean, bool b):
                writer.WriteBooleanValue(b);
                break;
            default:
                JsonSerializer.Serialize(writer, value, Info!);
                break;
        }
    }

    public override string ToString() => Name;

    // The offending value as JSON, shortened, for the error message (the failure path only).
    private static string Describe(ref Utf8JsonReader reader)
    {
        string text;
        try
        {
            text = JsonElement.ParseValue(ref reader).GetRawText();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: text that cannot be decoded (invalid UTF-8) cannot be shown either.
            return "not valid JSON";
        }

        return text.Length <= 60 ? text : text[..57] + "...";
    }

    // The types of most arguments, read and written straight with the reader and writer: the serializer's
    // entry costs more than the value itself. Anything unusual (a wrong token, NaN) takes the serializer's path.
    private enum ScalarKind
    {
        None,
        String,
        Int32,
        Int64,
        Double,
        Boolean,
    }
}
