using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// The typed client over JSON-RPC: what it puts on the wire for deadlines, cancellation and streams
/// (seen through the wire tap), and large transfers in both framings.
/// </summary>
public sealed class ClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_timeout_is_deadline_exceeded_and_sends_cancel_request_for_that_call()
    {
        // Arrange
        var sent = new ConcurrentQueue<string>();
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var client = await ConnectTappedAsync(server, sent);
        var withTimeout = client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => withTimeout.Echo.DelayAsync("slow", 60_000).WaitAsync(Patience));
        var serverSaw = await server.Echo.DelayEnded.WaitAsync(Patience);

        // Assert
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        Assert.Equal("cancelled", serverSaw);
        var request = sent.Single(m => m.Contains("\"echo.delay\"", StringComparison.Ordinal));
        var id = System.Text.Json.JsonDocument.Parse(request).RootElement.GetProperty("id").GetInt64();
        Assert.Contains(sent, m => m == "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":" + id + "}}");
    }

    [Fact]
    public async Task Caller_cancellation_is_cancelled_on_the_client_and_reaches_the_handler()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var client = await server.ConnectClientAsync();
        using var cancellation = new CancellationTokenSource();
        var call = client.Services.Echo.DelayAsync("slow", 60_000, cancellation.Token);
        await server.Echo.DelayStarted.WaitAsync(Patience);

        // Act
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));

        // Assert
        Assert.Equal(RpcStatusCode.Cancelled, error.Status);
        Assert.Equal("cancelled", await server.Echo.DelayEnded.WaitAsync(Patience));
    }

    [Fact]
    public async Task Leaving_a_server_stream_early_aborts_it_on_the_server()
    {
        // Arrange
        var sent = new ConcurrentQueue<string>();
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var client = await ConnectTappedAsync(server, sent);

        // Act
        var first = new List<string>();
        await foreach (var item in client.Services.Echo.RepeatAsync("x", 1000))
        {
            first.Add(item);
            if (first.Count == 3)
            {
                break;
            }
        }

        // Assert
        Assert.Equal(["x #1", "x #2", "x #3"], first);
        Assert.Contains(sent, m => m.Contains("\"method\":\"$/enumerator/abort\"", StringComparison.Ordinal) && !m.Contains("\"id\"", StringComparison.Ordinal));
        Assert.Equal("ok", await client.Services.Echo.DelayAsync("ok", 0));
    }

    [Theory]
    [InlineData(JsonRpcFraming.ContentLength)]
    [InlineData(JsonRpcFraming.Newline)]
    public async Task Large_and_small_messages_in_turn_and_at_once_each_get_their_own_result(JsonRpcFraming framing)
    {
        // Arrange: both ends read each message into a pooled buffer and give it back when StreamJsonRpc is done with
        // it; a buffer given back too early, or reused unread, would mix one call's numbers into another's.
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = framing }, maxMessageSize: 16 * 1024 * 1024);
        await using var client = await server.ConnectClientAsync(maxMessageSize: 16 * 1024 * 1024);
        int[] sizes = [300_000, 3, 70_000, 1, 300_000, 1_000];

        // Act
        var inTurn = new List<long[]>();
        foreach (var size in sizes)
        {
            inTurn.Add((await client.Services.Sum.SumAsync(Numbers(size, 1), Numbers(size, 2))).Sum);
        }

        var atOnce = await Task.WhenAll(sizes.Select(async (size, i) => (await client.Services.Sum.SumAsync(Numbers(size, i), Numbers(size, 10 * i))).Sum));

        // Assert
        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(Sums(sizes[i], 1, 2), inTurn[i]);
            Assert.Equal(Sums(sizes[i], i, 10 * i), atOnce[i]);
        }

        static int[] Numbers(int size, int seed) => [.. Enumerable.Range(0, size).Select(k => (k * 7 + seed) % 1000)];

        static long[] Sums(int size, int seedA, int seedB) => [.. Numbers(size, seedA).Zip(Numbers(size, seedB), (x, y) => (long)x + y)];
    }

    [Theory]
    [InlineData(JsonRpcFraming.ContentLength)]
    [InlineData(JsonRpcFraming.Newline)]
    public async Task A_multi_chunk_file_uploads_and_downloads_byte_for_byte(JsonRpcFraming framing)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = framing });
        await using var client = await server.ConnectClientAsync();
        var content = RandomNumberGenerator.GetBytes(300_000);

        // Act
        var entry = await client.Services.Files.UploadAsync("data.bin", Chunks(content, 50_000));
        var downloaded = new List<byte>();
        var chunks = 0;
        await foreach (var chunk in client.Services.Files.DownloadAsync("data.bin"))
        {
            downloaded.AddRange(chunk);
            chunks++;
        }

        // Assert
        Assert.Equal(content.Length, entry.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), entry.Sha256);
        Assert.Equal(content, downloaded.ToArray());
        Assert.True(chunks > 1, "the download should come in several chunks");
    }

    [Fact]
    public async Task Bidirectional_streaming_over_content_length_framing_interleaves_requests_both_ways()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var client = await server.ConnectClientAsync();
        var outgoing = System.Threading.Channels.Channel.CreateUnbounded<string>();

        // Act: each answer is awaited before the next message is written, so nothing is batched up.
        var answers = new List<string>();
        await using var replies = client.Services.Echo.ChatAsync(outgoing.Reader.ReadAllAsync()).GetAsyncEnumerator();
        foreach (var message in new[] { "one", "two", "three" })
        {
            await outgoing.Writer.WriteAsync(message);
            Assert.True(await replies.MoveNextAsync().AsTask().WaitAsync(Patience));
            answers.Add(replies.Current);
        }

        outgoing.Writer.Complete();
        var more = await replies.MoveNextAsync().AsTask().WaitAsync(Patience);

        // Assert
        Assert.Equal(["eno", "owt", "eerht"], answers);
        Assert.False(more);
    }

    [Fact]
    public async Task A_client_of_a_server_that_is_not_there_gets_unavailable()
    {
        // Arrange: a port that was just free.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => new JsonRpcTransport().ConnectAsync(new ClientOptions { Port = port }));

        // Assert
        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
    }

    private static async Task<IRpcClient> ConnectTappedAsync(JsonRpcTestServer server, ConcurrentQueue<string> sent) =>
        await server.ConnectClientAsync(wireTap: (direction, bytes) =>
        {
            if (direction == WireDirection.Sent)
            {
                var text = Encoding.UTF8.GetString(bytes.Span);
                sent.Enqueue(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
            }
        });

#pragma warning disable CS1998 // an async iterator over data already in memory
    private static async IAsyncEnumerable<byte[]> Chunks(byte[] content, int size)
    {
        for (var at = 0; at < content.Length; at += size)
        {
            yield return content[at..Math.Min(at + size, content.Length)];
        }
    }
#pragma warning restore CS1998
}
