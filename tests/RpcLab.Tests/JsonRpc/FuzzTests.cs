using System.Text;
using System.Text.Json;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Seeded fuzzing of the server: random bytes and mutated valid messages (flipped, dropped, duplicated
/// and inserted bytes, truncation, a mangled header) on many connections at once. Whatever arrives, every
/// reply the server sends is well-formed JSON-RPC, each connection ends, and afterwards a normal call is
/// served. The seed is in the test name so a failure can be replayed.
/// </summary>
public sealed class FuzzTests
{
    private const int Connections = 24;
    private const int MessagesPerConnection = 40;

    private static readonly string[] Corpus =
    [
        """{"jsonrpc":"2.0","method":"echo.reverse","params":["hello"],"id":1}""",
        """{"jsonrpc":"2.0","method":"subtract","params":{"minuend":42,"subtrahend":23},"id":"a"}""",
        """{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":2.5}""",
        """{"jsonrpc":"2.0","method":"users.get","params":["1"],"id":null}""",
        """{"jsonrpc":"2.0","method":"echo.repeat","params":["x",3],"id":3}""",
        """{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":1},"id":4}""",
        """{"jsonrpc":"2.0","method":"$/enumerator/abort","params":[1]}""",
        """{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}""",
        """[{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]},{"foo":"boo"}]""",
        """{"jsonrpc":"2.0","result":19,"id":1}""",
        """{"jsonrpc":"2.0","method":"echo.reverse","params":["caf\u00e9 \ud83d\ude00"],"id":"\u00e9"}""",
    ];

    [Theory]
    [InlineData(JsonRpcFraming.ContentLength, 1)]
    [InlineData(JsonRpcFraming.ContentLength, 2)]
    [InlineData(JsonRpcFraming.Newline, 3)]
    public async Task Random_and_mutated_input_on_many_connections_gets_only_well_formed_replies_and_the_server_survives(JsonRpcFraming framing, int seed)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = framing }, maxMessageSize: 64 * 1024);

        // Act: each connection sends its whole script, shuts down its sending half and reads until the server hangs up.
        var replies = await Task.WhenAll(Enumerable.Range(0, Connections).Select(c => RunConnectionAsync(server, framing, new Random(seed * 1000 + c))));
        await using var client = await server.ConnectClientAsync();
        var normal = await client.Services.Echo.ReverseAsync("after the storm").WaitAsync(TimeSpan.FromSeconds(20));

        // Assert
        foreach (var reply in replies.SelectMany(r => r))
        {
            AssertWellFormedReply(reply);
        }

        Assert.NotEmpty(replies.SelectMany(r => r));
        Assert.Equal("mrots eht retfa", normal);
    }

    private static async Task<List<string>> RunConnectionAsync(JsonRpcTestServer server, JsonRpcFraming framing, Random random)
    {
        await using var socket = await server.ConnectRawAsync();
        var script = new List<byte>();
        for (var i = 0; i < MessagesPerConnection; i++)
        {
            script.AddRange(NextInput(framing, random));
        }

        try
        {
            await socket.SendRawAsync(script.ToArray());
            socket.ShutdownSend();
        }
        catch (IOException)
        {
            // The server may already have hung up on garbage early in the script.
        }

        return await socket.ReadUntilClosedAsync();
    }

    private static byte[] NextInput(JsonRpcFraming framing, Random random)
    {
        var body = Encoding.UTF8.GetBytes(Corpus[random.Next(Corpus.Length)]).ToList();
        switch (random.Next(10))
        {
            case 0:
                // Pure noise, header and all.
                var noise = new byte[random.Next(1, 200)];
                random.NextBytes(noise);
                return noise;
            case 1:
                // A mangled header in front of a valid body.
                var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Count}\r\n\r\n");
                header[random.Next(header.Length)] = (byte)random.Next(256);
                return [.. header, .. body];
            case 2:
                var at = random.Next(body.Count);
                body.RemoveRange(at, Math.Min(body.Count - at, random.Next(1, 6)));
                break;
            case 3:
                body = body.Take(random.Next(body.Count)).ToList();
                break;
            case 4:
                var start = random.Next(body.Count);
                body.InsertRange(random.Next(body.Count), body.Skip(start).Take(random.Next(1, 20)).ToList());
                break;
            case 5 or 6:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    body[random.Next(body.Count)] = (byte)random.Next(256);
                }

                break;
            case 7:
                body.Insert(random.Next(body.Count), (byte)"{}[],:\"\\0-e.ntf"[random.Next(15)]);
                break;
            default:
                break;
        }

        // Newline framing cannot carry a raw newline inside a message; keep the mutation inside one frame.
        var payload = framing == JsonRpcFraming.Newline ? body.Select(b => b == (byte)'\n' ? (byte)' ' : b).ToArray() : body.ToArray();
        return Frame(payload, framing);
    }

    private static byte[] Frame(byte[] payload, JsonRpcFraming framing) => framing == JsonRpcFraming.Newline
        ? [.. payload, (byte)'\n']
        : [.. Encoding.ASCII.GetBytes($"Content-Length: {payload.Length}\r\n\r\n"), .. payload];

    private static void AssertWellFormedReply(string text)
    {
        var reply = JsonSerializer.Deserialize<JsonElement>(text);
        foreach (var message in reply.ValueKind == JsonValueKind.Array ? reply.EnumerateArray().ToArray() : [reply])
        {
            Assert.Equal("2.0", message.GetProperty("jsonrpc").GetString());
            Assert.True(message.TryGetProperty("id", out _), $"a reply without an id: {text}");
            Assert.True(message.TryGetProperty("result", out _) ^ message.TryGetProperty("error", out var error), $"a reply needs exactly one of result and error: {text}");
            if (error.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(JsonValueKind.Number, error.GetProperty("code").ValueKind);
                Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
            }
        }
    }
}
