using System.Net;
using System.Text.Json;

namespace RpcLab.Seminar.Checks.CallFailures;

/// <summary>
/// One REST answer of the student's server: the HTTP status and the body. JSON transcoding answers a failed call with
/// <c>{"code": 5, "message": "...", "details": []}</c>; <see cref="Message"/> is that message, or the body as it came
/// when it is not such an object. Immutable.
/// </summary>
public sealed record RestReply(HttpStatusCode Status, string Body)
{
    public int Code => (int)Status;

    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>The error's message, or the whole body when it has none.</summary>
    public string Message => Property("message") ?? Body;

    /// <summary>A string property of the JSON object in the body, or null.</summary>
    public string? Property(string name)
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The status line and body as a student reads them in the report: <c>404 {"code":5,...}</c>.</summary>
    public override string ToString() => $"{Code} {Shorten(Body)}";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
