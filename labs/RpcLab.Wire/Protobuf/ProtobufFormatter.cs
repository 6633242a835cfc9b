using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RpcLab.Wire.Protobuf;

/// <summary>
/// Describes protobuf bytes field by field as they lie on the wire: field number, wire type, and, where the
/// message's descriptor knows the field, its name, type and value. Reads with Google.Protobuf's
/// <see cref="CodedInputStream"/>; the descriptor only names what the bytes already say, so unknown fields (or no
/// descriptor at all) still show their numbers, wire types and raw values. Stateless.
/// </summary>
public static class ProtobufFormatter
{
    /// <summary>One line per field (nested messages indented), each with the field's own bytes.</summary>
    public static IReadOnlyList<string> Describe(ReadOnlyMemory<byte> message, MessageDescriptor? type)
    {
        var lines = new List<string>();
        try
        {
            Walk(message, type, 0, lines);
        }
        catch (InvalidProtocolBufferException e)
        {
            lines.Add($"not valid protobuf: {e.Message}");
        }

        return lines;
    }

    private static void Walk(ReadOnlyMemory<byte> message, MessageDescriptor? type, int depth, List<string> lines)
    {
        var indent = new string(' ', depth * 2);
        var input = new CodedInputStream(message.ToArray());
        while (!input.IsAtEnd)
        {
            var start = (int)input.Position;
            var tag = input.ReadTag();
            var number = WireFormat.GetTagFieldNumber(tag);
            var wireType = WireFormat.GetTagWireType(tag);
            var field = type?.FindFieldByNumber(number);
            var name = field is null ? "(unknown to the descriptor)" : $"{field.Name} ({TypeName(field)})";
            string value;
            ReadOnlyMemory<byte>? nested = null;
            switch (wireType)
            {
                case WireFormat.WireType.Varint:
                    value = Varint(input.ReadUInt64(), field);
                    break;
                case WireFormat.WireType.Fixed64:
                    var fixed64 = input.ReadFixed64();
                    value = field?.FieldType == FieldType.Double ? BitConverter.UInt64BitsToDouble(fixed64).ToString("R", CultureInfo.InvariantCulture) : fixed64.ToString(CultureInfo.InvariantCulture);
                    break;
                case WireFormat.WireType.Fixed32:
                    var fixed32 = input.ReadFixed32();
                    value = field?.FieldType == FieldType.Float ? BitConverter.UInt32BitsToSingle(fixed32).ToString("R", CultureInfo.InvariantCulture) : fixed32.ToString(CultureInfo.InvariantCulture);
                    break;
                case WireFormat.WireType.LengthDelimited:
                    var bytes = input.ReadBytes().Memory;
                    (value, nested) = Delimited(bytes, field);
                    break;
                default:
                    input.SkipLastField();
                    value = "(group)";
                    break;
            }

            var end = (int)input.Position;
            lines.Add($"{indent}field {number} {WireTypeName(wireType)} {name} = {value}   [{Hex(message.Span[start..end])}]");
            if (nested is { } inner)
            {
                Walk(inner, field!.MessageType, depth + 1, lines);
            }
        }
    }

    private static (string Value, ReadOnlyMemory<byte>? Nested) Delimited(ReadOnlyMemory<byte> bytes, FieldDescriptor? field)
    {
        switch (field?.FieldType)
        {
            case FieldType.String:
                return (Quote(Encoding.UTF8.GetString(bytes.Span)), null);
            case FieldType.Message or FieldType.Group:
                return ($"message {field.MessageType.FullName}, {bytes.Length} bytes:", bytes);
            case FieldType.Bytes or null:
                return ($"{bytes.Length} bytes {Quote(Capture.Hex.Ascii(bytes.Span))}", null);
            default:
                // A packed repeated scalar: a run of varints or fixed values.
                var items = new List<string>();
                var packed = new CodedInputStream(bytes.ToArray());
                while (!packed.IsAtEnd)
                {
                    items.Add(field.FieldType switch
                    {
                        FieldType.Double => packed.ReadDouble().ToString("R", CultureInfo.InvariantCulture),
                        FieldType.Float => packed.ReadFloat().ToString("R", CultureInfo.InvariantCulture),
                        FieldType.Fixed32 or FieldType.SFixed32 => packed.ReadFixed32().ToString(CultureInfo.InvariantCulture),
                        FieldType.Fixed64 or FieldType.SFixed64 => packed.ReadFixed64().ToString(CultureInfo.InvariantCulture),
                        _ => Varint(packed.ReadUInt64(), field),
                    });
                }

                return ($"packed [{string.Join(", ", items)}]", null);
        }
    }

    private static string Varint(ulong raw, FieldDescriptor? field) => field?.FieldType switch
    {
        FieldType.Bool => (raw != 0).ToString().ToLowerInvariant(),
        FieldType.Int32 or FieldType.Int64 or FieldType.SFixed32 => ((long)raw).ToString(CultureInfo.InvariantCulture),
        FieldType.SInt32 or FieldType.SInt64 => ((long)(raw >> 1) ^ -(long)(raw & 1)).ToString(CultureInfo.InvariantCulture),
        FieldType.Enum => field.EnumType.FindValueByNumber((int)raw)?.Name ?? raw.ToString(CultureInfo.InvariantCulture),
        _ => raw.ToString(CultureInfo.InvariantCulture),
    };

    private static string TypeName(FieldDescriptor field) =>
        (field.IsRepeated ? "repeated " : "") + field.FieldType switch
        {
            FieldType.Message => field.MessageType.Name,
            FieldType.Enum => field.EnumType.Name,
            var t => t.ToString().ToLowerInvariant(),
        };

    /// <summary>The wire type as the protobuf encoding guide names it.</summary>
    private static string WireTypeName(WireFormat.WireType type) => type switch
    {
        WireFormat.WireType.Varint => "VARINT",
        WireFormat.WireType.Fixed64 => "I64",
        WireFormat.WireType.LengthDelimited => "LEN",
        WireFormat.WireType.Fixed32 => "I32",
        WireFormat.WireType.StartGroup => "SGROUP",
        _ => "EGROUP",
    };

    private static string Hex(ReadOnlySpan<byte> bytes) => Capture.Hex.Short(bytes);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
