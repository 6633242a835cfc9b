using System.Text.Json;

namespace RpcLab.Tests.Interop;

/// <summary>
/// What a foreign gRPC client must see from RpcLab's server in each scenario both client peers run,
/// so the Python and the Node tests hold the server to the same behaviour.
/// </summary>
public static class GrpcClientExpectations
{
    public static void Unary(JsonElement seen) =>
        Assert.Equal("olleh", seen.GetProperty("reply").GetString());

    public static void Error(JsonElement seen)
    {
        var notFound = seen.GetProperty("not_found");
        Assert.Equal("NOT_FOUND", notFound.GetProperty("code").GetString());
        Assert.Contains("999", notFound.GetProperty("details").GetString());

        var invalid = seen.GetProperty("invalid_argument");
        Assert.Equal("INVALID_ARGUMENT", invalid.GetProperty("code").GetString());
        Assert.Contains("name", invalid.GetProperty("details").GetString());
    }

    public static void ServerStreaming(JsonElement seen) =>
        Assert.Equal(["hi #1", "hi #2", "hi #3"], Strings(seen, "replies"));

    public static void ClientStreaming(JsonElement seen) =>
        Assert.Equal("a b c", seen.GetProperty("reply").GetString());

    public static void Bidi(JsonElement seen)
    {
        Assert.True(seen.GetProperty("answered_in_turn").GetBoolean(), $"each Chat reply must arrive before the next request is sent: {seen}");
        Assert.Equal(["eno", "owt", "eerht"], Strings(seen, "replies"));
    }

    /// <summary>The client gave up with DEADLINE_EXCEEDED, the server's handler was cancelled (not left to run), and it kept serving.</summary>
    public static async Task DeadlineAsync(JsonElement seen, OurGrpcServer server)
    {
        Assert.Equal("DEADLINE_EXCEEDED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
        Assert.True(server.ServerEcho.DelayStarted.IsCompleted, $"the Delay call never reached the server: {seen}");
        Assert.Equal("cancelled", await server.ServerEcho.DelayEnded.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    public static void Unimplemented(JsonElement seen)
    {
        Assert.Equal("UNIMPLEMENTED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
    }

    public static string[] Strings(JsonElement seen, string property) =>
        [.. seen.GetProperty(property).EnumerateArray().Select(e => e.GetString() ?? "")];
}
