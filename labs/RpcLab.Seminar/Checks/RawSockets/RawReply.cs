using System.Text;
using System.Text.Json;

namespace RpcLab.Seminar.Checks.RawSockets;

/// <summary>
/// One message the student's server sent, as read from its frame: the header (<c>response</c>, <c>exception</c>),
/// the call's id (null when absent), the return values as JSON, and an exception's type and message. A payload that is
/// not such a message throws <see cref="CheckFailedException"/> saying what came. Immutable.
/// </summary>
public sealed record RawReply(string Header, long? Id, IReadOnlyList<JsonElement> Returns, string? Type, string? Message, string Text)
{
    public bool IsResponse => Header == "response";

    /// <summary>The first return value as JSON text, or null.</summary>
    public string? First => Returns.Count > 0 ? Returns[0].GetRawText() : null;

    /// <summary>What the student reads in a failure: the exception's type and message, or the returns.</summary>
    public string Describe() => IsResponse ? $"returns [{string.Join(", ", Returns.Select(r => r.GetRawText()))}]" : $"{Header} {Type}: {Message}";

    public static RawReply Parse(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var text = Encoding.UTF8.GetString(payload);
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("header", out var header) || header.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
            {
                throw new CheckFailedException($"your server sent a frame that is not {{\"header\": ..., \"value\": {{...}}}}: {Cut(text)}");
            }

            long? id = value.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var number) ? number : null;
            var returns = value.TryGetProperty("returns", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.Clone()).ToList()
                : [];
            return new RawReply(header.GetString()!, id, returns, StringOf(value, "type"), StringOf(value, "message"), text);
        }
        catch (JsonException e)
        {
            throw new CheckFailedException($"your server sent a frame whose payload is not JSON ({e.Message}): {Cut(text)}");
        }
    }

    private static string? StringOf(JsonElement value, string name) =>
        value.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static string Cut(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
