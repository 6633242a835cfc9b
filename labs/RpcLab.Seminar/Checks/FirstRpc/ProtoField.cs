using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RpcLab.Seminar.Checks.FirstRpc;

/// <summary>
/// One field of a message the checker writes or reads without generated code: Google.Protobuf for C# has no
/// DynamicMessage, so the few simple messages of a lab (one string or one integer) are written and read here by
/// field number and type with CodedOutputStream/CodedInputStream. Integers travel as <see cref="long"/>, strings as
/// <see cref="string"/>; a field absent on the wire reads as its proto3 default. Immutable, thread-safe.
/// </summary>
public sealed record ProtoField(string Name, int Number, FieldType Type)
{
    /// <summary>Whether <paramref name="type"/> is one of the varint integers the checker reads and writes.</summary>
    public static bool IsInteger(FieldType type) =>
        type is FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64;

    /// <summary>
    /// The field named like <paramref name="expected"/> in <paramref name="message"/>, with the number and type the
    /// student gave it; <paramref name="expected"/> itself when there is no descriptor (the method is not in the
    /// student's .proto, and the call will say so). A missing field or one of the wrong kind fails, naming <paramref name="method"/>.
    /// </summary>
    public static ProtoField Resolve(MessageDescriptor? message, ProtoField expected, string method)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (message is null)
        {
            return expected;
        }

        var field = message.FindFieldByName(expected.Name)
            ?? throw new CheckFailedException($"{method}: message {message.Name} has no field '{expected.Name}' (the sheet's: {expected.Declaration})");
        var integer = IsInteger(expected.Type);
        if (field.IsRepeated || field.IsMap || (integer ? !IsInteger(field.FieldType) : field.FieldType != expected.Type))
        {
            throw new CheckFailedException($"{method}: field {message.Name}.{field.Name} is {(field.IsRepeated ? "repeated " : string.Empty)}{field.FieldType}, not {(integer ? "an integer (int32 or int64)" : expected.Type.ToString())} (the sheet's: {expected.Declaration})");
        }

        return new ProtoField(field.Name, field.FieldNumber, field.FieldType);
    }

    /// <summary>The field as a .proto declares it, for reasons: <c>string text = 1;</c>.</summary>
    public string Declaration => $"{Type.ToString().ToLowerInvariant()} {Name} = {Number};";

    /// <summary>A message holding only this field, set to <paramref name="value"/> (a string, or an integer as long).</summary>
    public byte[] Encode(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        if (Type == FieldType.String)
        {
            output.WriteTag(Number, WireFormat.WireType.LengthDelimited);
            output.WriteString((string)value);
        }
        else
        {
            var number = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            output.WriteTag(Number, WireFormat.WireType.Varint);
            switch (Type)
            {
                case FieldType.SInt32:
                    output.WriteSInt32(checked((int)number));
                    break;
                case FieldType.SInt64:
                    output.WriteSInt64(number);
                    break;
                case FieldType.Int32:
                    output.WriteInt32(checked((int)number));
                    break;
                case FieldType.UInt32:
                    output.WriteUInt32(checked((uint)number));
                    break;
                case FieldType.UInt64:
                    output.WriteUInt64(checked((ulong)number));
                    break;
                default:
                    output.WriteInt64(number);
                    break;
            }
        }

        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>This field's value in <paramref name="message"/> (the last occurrence wins, as in protobuf); other fields are skipped.</summary>
    public object Decode(byte[] message)
    {
        object value = Type == FieldType.String ? string.Empty : 0L;
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var wireType = WireFormat.GetTagWireType(tag);
            if (WireFormat.GetTagFieldNumber(tag) != Number
                || wireType != (Type == FieldType.String ? WireFormat.WireType.LengthDelimited : WireFormat.WireType.Varint))
            {
                input.SkipLastField();
                continue;
            }

            value = Type switch
            {
                FieldType.String => input.ReadString(),
                FieldType.Int32 => (long)input.ReadInt32(),
                FieldType.UInt32 => (long)input.ReadUInt32(),
                FieldType.SInt32 => (long)input.ReadSInt32(),
                FieldType.SInt64 => input.ReadSInt64(),
                FieldType.UInt64 => unchecked((long)input.ReadUInt64()),
                _ => input.ReadInt64(),
            };
        }

        return value;
    }
}
