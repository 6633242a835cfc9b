using System.Text.Json;

namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// The method names one connection has read lately, so that a name the peer sends again and again is one string,
/// not a new one for every message. A name is compared as JSON text (escapes decoded), as the formatter reads it.
/// Not thread-safe: one per connection, used by its reading task.
/// </summary>
internal sealed class RecentNames
{
    private const int Kept = 8;

    private readonly string?[] _names = new string?[Kept];
    private int _next;

    /// <summary>The string token's text, the same string as last time when it was read lately; null for text that is not valid UTF-16.</summary>
    public string? Read(ref Utf8JsonReader reader)
    {
        foreach (var name in _names)
        {
            if (name is null)
            {
                break;
            }

            try
            {
                if (reader.ValueTextEquals(name))
                {
                    return name;
                }
            }
            catch (InvalidOperationException)
            {
                // An escape that is no UTF-16 (a lone surrogate): no name at all, as Envelope.TryGetString says.
                return null;
            }
        }

        var text = Envelope.TryGetString(ref reader);
        if (text is not null)
        {
            _names[_next] = text;
            _next = (_next + 1) % Kept;
        }

        return text;
    }
}
