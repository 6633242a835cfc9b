namespace RpcLab.Tests.Raw;

/// <summary>Messages of the raw protocol as a foreign peer would write them, for tests that talk to a server by hand.</summary>
public static class RawMessages
{
    public static string Request(long id, string service, string rpc, string args, string argTypes, string? extra = null) =>
        "{\"header\":\"request\",\"value\":{\"id\":" + id + ",\"service\":\"" + service + "\",\"rpc\":\"" + rpc
        + "\",\"args\":" + args + ",\"argTypes\":" + argTypes + (extra is null ? string.Empty : "," + extra) + "}}";

    /// <summary>echo.reverse(text): the smallest useful call.</summary>
    public static string Reverse(long id, string text) => Request(id, "echo", "reverse", $"[\"{text}\"]", "[\"str\"]");
}
