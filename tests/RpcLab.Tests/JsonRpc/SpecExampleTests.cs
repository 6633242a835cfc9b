using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Section 7 of the JSON-RPC 2.0 specification, replayed against our server: every request sent verbatim
/// gets the reply the specification shows (same members and values; a batch reply in any order), and
/// the exchanges that show no reply get none.
/// </summary>
public sealed class SpecExampleTests
{
    // Replies may come in any order (the server runs requests concurrently, as the specification allows),
    // so each exchange is followed by two sentinel requests in turn: everything received up to the second
    // sentinel's reply (and, where the example has a reply, until it came), other than the sentinels'
    // replies, is what the example got back. A stray reply to a notification would have to be slower than
    // two round trips made after it to go unnoticed.
    private const string Sentinel = """{"jsonrpc":"2.0","method":"get_data","id":"sentinel-1"}""";
    private const string Sentinel2 = """{"jsonrpc":"2.0","method":"get_data","id":"sentinel-2"}""";

    [Theory]
    [MemberData(nameof(SpecExamples.Names), MemberType = typeof(SpecExamples))]
    public async Task Each_example_gets_the_reply_the_specification_shows_with_content_length_framing(string name)
    {
        var example = SpecExamples.Get(name);
        await ReplayAsync(example, JsonRpcFraming.ContentLength, example.Request);
    }

    [Theory]
    [MemberData(nameof(SpecExamples.Names), MemberType = typeof(SpecExamples))]
    public async Task Each_example_written_on_one_line_gets_the_same_reply_with_newline_framing(string name)
    {
        var example = SpecExamples.Get(name);
        await ReplayAsync(example, JsonRpcFraming.Newline, example.Request.ReplaceLineEndings(" "));
    }

    [Fact]
    public async Task The_examples_replayed_in_sequence_on_one_connection_all_pass()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        foreach (var example in SpecExamples.All)
        {
            // Act
            var replies = await ExchangeAsync(socket, example.Request, example.Reply is not null);

            // Assert
            AssertReplies(example, replies);
        }
    }

    [Fact]
    public async Task Notifications_are_executed_though_never_answered()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await ExchangeAsync(socket, """{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}""", expectReply: false);

        // Assert: the server ran it (its call log has it) although nothing was sent back.
        Assert.Contains(await server.WaitForCallAsync(c => c.Method == "update"), c => c.Method == "update" && c.Status == RpcStatusCode.OK);
    }

    private static async Task ReplayAsync(SpecExample example, JsonRpcFraming framing, string request)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = framing });
        await using var socket = await server.ConnectRawAsync();

        // Act
        var replies = await ExchangeAsync(socket, request, example.Reply is not null);

        // Assert
        AssertReplies(example, replies);
    }

    /// <summary>Sends the request, then the sentinels one after the other; returns every other reply received meanwhile.</summary>
    private static async Task<List<JsonElement>> ExchangeAsync(RawJsonRpcSocket socket, string request, bool expectReply)
    {
        var replies = new List<JsonElement>();
        await socket.SendAsync(request);
        foreach (var (sentinel, id) in new[] { (Sentinel, "sentinel-1"), (Sentinel2, "sentinel-2") })
        {
            await socket.SendAsync(sentinel);
            var sentinelSeen = false;
            while (!sentinelSeen || (expectReply && replies.Count == 0))
            {
                var reply = await socket.ReceiveAsync();
                if (reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("id", out var replyId) &&
                    replyId.ValueKind == JsonValueKind.String && replyId.GetString() == id)
                {
                    JsonAssert.SameMeaning($$"""{"jsonrpc":"2.0","result":["hello",5],"id":"{{id}}"}""", reply);
                    sentinelSeen = true;
                    continue;
                }

                replies.Add(reply);
            }
        }

        return replies;
    }

    private static void AssertReplies(SpecExample example, List<JsonElement> replies)
    {
        if (example.Reply is null)
        {
            Assert.True(replies.Count == 0, $"{example.Name}: expected no reply, got {string.Join(", ", replies.Select(r => r.GetRawText()))}");
            return;
        }

        var reply = Assert.Single(replies);
        JsonAssert.SameMeaning(example.Reply, reply, anyArrayOrder: true);
    }
}
