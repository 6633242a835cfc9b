using System.Globalization;
using System.Text;
using MessagePack;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// msgpack bytes as notes, each value with its msgpack type and format (str and bin kept apart, an int's exact
/// encoding), read with MessagePack-CSharp's <c>MessagePackReader</c>. Stateless.
/// </summary>
internal static class MsgpackNotes
{
    /// <summary>One line per value, containers indented; <paramref name="types"/> collects the types seen.</summary>
    public static List<string> Lines(ReadOnlyMemory<byte> bytes, ISet<string> types)
    {
        var lines = new List<string>();
        var reader = new MessagePackReader(bytes);
        try
        {
            while (!reader.End)
            {
                Value(ref reader, "", 0, lines, types);
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            lines.Add($"not valid msgpack here: {e.Message}");
        }

        return lines;
    }

    private static void Value(ref MessagePackReader reader, string label, int depth, List<string> lines, ISet<string> types)
    {
        var indent = new string(' ', depth * 2);
        var code = reader.NextCode;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
                var items = reader.ReadArrayHeader();
                types.Add("array");
                lines.Add($"{indent}{label}array({items})");
                for (var i = 0; i < items; i++)
                {
                    Value(ref reader, $"[{i}] ", depth + 1, lines, types);
                }

                break;
            case MessagePackType.Map:
                var entries = reader.ReadMapHeader();
                types.Add("map");
                lines.Add($"{indent}{label}map({entries})");
                for (var i = 0; i < entries; i++)
                {
                    var key = new List<string>();
                    Value(ref reader, "", 0, key, types);
                    Value(ref reader, key.Count == 1 ? $"{key[0]} => " : "(complex key) => ", depth + 1, lines, types);
                }

                break;
            default:
                lines.Add($"{indent}{label}{Scalar(ref reader, code, types)}");
                break;
        }
    }

    private static string Scalar(ref MessagePackReader reader, byte code, ISet<string> types)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                types.Add("nil");
                return "nil";
            case MessagePackType.Boolean:
                types.Add("bool");
                return $"bool {reader.ReadBoolean().ToString().ToLowerInvariant()}";
            case MessagePackType.Integer:
                types.Add("int");
                var text = code is MessagePackCode.UInt64 ? reader.ReadUInt64().ToString(CultureInfo.InvariantCulture) : reader.ReadInt64().ToString(CultureInfo.InvariantCulture);
                return $"int {text} ({IntFormat(code)})";
            case MessagePackType.Float:
                types.Add("float");
                return $"float{(code == MessagePackCode.Float32 ? "32" : "64")} {reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture)}";
            case MessagePackType.String:
                types.Add("str");
                var str = reader.ReadString() ?? "";
                return $"str({Encoding.UTF8.GetByteCount(str)}) {System.Text.Json.JsonSerializer.Serialize(str)}";
            case MessagePackType.Binary:
                types.Add("bin");
                var sequence = reader.ReadBytes();
                var bin = sequence.HasValue ? System.Buffers.BuffersExtensions.ToArray(sequence.Value) : [];
                return $"bin({bin.Length}) {Hex.Ascii(bin)}";
            case MessagePackType.Extension:
                types.Add("ext");
                var extension = reader.ReadExtensionFormat();
                return $"ext type {extension.Header.TypeCode}, {extension.Header.Length} bytes";
            default:
                reader.Skip();
                return "(unknown)";
        }
    }

    private static string IntFormat(byte code) => code switch
    {
        <= MessagePackCode.MaxFixInt => "positive fixint",
        >= MessagePackCode.MinNegativeFixInt => "negative fixint",
        MessagePackCode.UInt8 => "uint 8",
        MessagePackCode.UInt16 => "uint 16",
        MessagePackCode.UInt32 => "uint 32",
        MessagePackCode.UInt64 => "uint 64",
        MessagePackCode.Int8 => "int 8",
        MessagePackCode.Int16 => "int 16",
        MessagePackCode.Int32 => "int 32",
        _ => "int 64",
    };
}
