using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RpcLab.Transports.Serialization;
using StreamJsonRpc;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// How our data looks in JSON on both ends: camelCase members, enums as camelCase strings, byte arrays as
/// base64, null refused where a record says non-nullable, and readable text on the wire view (é stays é;
/// control characters are still escaped, so a message never holds a raw newline). StreamJsonRpc's
/// <see cref="SystemTextJsonFormatter"/> adds its own converters (enumerator tokens, request ids) on top.
/// Thread-safe (the options are read-only).
/// </summary>
internal static class JsonRpcSerialization
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>A formatter for one connection: StreamJsonRpc binds its marshalling state to the formatter, so never share one.</summary>
    public static SystemTextJsonFormatter CreateFormatter() => new() { JsonSerializerOptions = Options };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(ExactArrayConverter.Instance);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
