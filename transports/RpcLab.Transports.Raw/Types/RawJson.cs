using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RpcLab.Transports.Serialization;

namespace RpcLab.Transports.Raw.Types;

/// <summary>
/// How values become JSON on this wire: camelCase properties, enums by name, non-ASCII text left readable (the
/// wire tap shows "é", not "\u00e9"), NaN and Infinity allowed. Strict in what it reads, because the declared
/// types are checked: no numbers from strings, no null where the contract says non-null, no missing constructor
/// parameter. Thread-safe (read-only once built).
/// </summary>
public static class RawJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>For writing messages: the same escaping as <see cref="Options"/>; the structure is ours, so not validated again.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(ExactArrayConverter.Instance);
        options.MakeReadOnly();
        return options;
    }
}
