using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpcLab.Cli.Calls;

/// <summary>How <c>rpclab call</c> prints values: camelCase JSON, enums by name, non-ASCII text as itself. Thread-safe.</summary>
public static class JsonOutput
{
    /// <summary>For single results: indented, easy to read.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>For stream items: one item per line.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static string Format(object? value, bool indented = true) =>
        JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), indented ? Options : Compact);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            // The output is for a terminal, not for embedding in HTML: print "é" and "<", not escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
