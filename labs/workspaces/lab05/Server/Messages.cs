using System.Text.Json.Nodes;

namespace Lab5.Server;

/// <summary>Messages the server builds in more than one place.</summary>
public static class Messages
{
    /// <summary>An exception message; without an id when the request never got far enough to have one.</summary>
    public static JsonObject Exception(long? id, string type, string message)
    {
        var value = new JsonObject();
        if (id is not null)
        {
            value["id"] = id;
        }

        value["type"] = type;
        value["message"] = message;
        return new JsonObject { ["header"] = "exception", ["value"] = value };
    }
}
