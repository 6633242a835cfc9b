using System.Text;
using System.Text.Json;

namespace RpcLab.Wire.Decoders;

/// <summary>JSON bytes as notes: indented by System.Text.Json, one note per line, or why they are not JSON. Stateless.</summary>
internal static class JsonNotes
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<string> Lines(ReadOnlySpan<byte> json, out JsonElement? root)
    {
        root = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            root = document.RootElement.Clone();
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                document.WriteTo(writer);
            }

            return [.. Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n").Split('\n')];
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}", Encoding.UTF8.GetString(json)];
        }
    }

    /// <summary>A string member, or null.</summary>
    public static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Has(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out _);
}
