using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// Asks StreamJsonRpc whether an argument is JSON <c>null</c> without deserializing it: a JSON null comes back
/// as a null reference (System.Text.Json never calls a converter for it), anything else as <see cref="Present"/>,
/// its tokens skipped. StreamJsonRpc binds null to any reference-type parameter; the contracts say which may be null.
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class NullProbe
{
    public static readonly NullProbe Present = new();

    private NullProbe()
    {
    }

    private sealed class Converter : JsonConverter<NullProbe>
    {
        public override NullProbe Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return Present;
        }

        public override void Write(Utf8JsonWriter writer, NullProbe value, JsonSerializerOptions options) =>
            throw new NotSupportedException("a probe is only read");
    }
}
