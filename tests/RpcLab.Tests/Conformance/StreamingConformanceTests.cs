using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>Client, server and bidirectional streaming behave the same on every transport.</summary>
public sealed class StreamingConformanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Client_streaming_collects_every_message_in_order(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        if (await IsRecordedGapAsync(transport, TransportCapability.ClientStreaming, () => env.Services.Echo.CollectAsync(Items("a", "b", "c"))))
        {
            return;
        }

        var reply = await env.Services.Echo.CollectAsync(Items("a", "b", "c"));

        Assert.Equal("a b c", reply);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Client_streaming_accepts_an_empty_stream(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        if (await IsRecordedGapAsync(transport, TransportCapability.ClientStreaming, () => env.Services.Echo.CollectAsync(Items())))
        {
            return;
        }

        var reply = await env.Services.Echo.CollectAsync(Items());

        Assert.Equal(string.Empty, reply);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Server_streaming_delivers_every_item_in_order(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var items = await ToListAsync(env.Services.Echo.RepeatAsync("hi", 3));

        Assert.Equal(["hi #1", "hi #2", "hi #3"], items);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Bidirectional_streaming_answers_each_message_before_the_next_is_sent(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        if (await IsRecordedGapAsync(transport, TransportCapability.DuplexStreaming, () => env.Services.Echo.ChatAsync(Items("one")).ToListAsync().AsTask()))
        {
            return;
        }

        var requests = Channel.CreateUnbounded<string>();

        // Each reply must arrive while the request stream is still open: a transport that buffered the
        // whole request stream before answering would never return the first reply and time out here.
        await using var replies = env.Services.Echo.ChatAsync(requests.Reader.ReadAllAsync()).GetAsyncEnumerator();
        var answers = new List<string>();
        foreach (var message in new[] { "one", "two", "three" })
        {
            await requests.Writer.WriteAsync(message);
            Assert.True(await replies.MoveNextAsync().AsTask().WaitAsync(Patience));
            answers.Add(replies.Current);
        }

        requests.Writer.Complete();
        var more = await replies.MoveNextAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(["eno", "owt", "eerht"], answers);
        Assert.False(more);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_multi_chunk_file_round_trips_byte_for_byte(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 123); // larger than the message limit, so it must travel in chunks
        if (await IsRecordedGapAsync(transport, TransportCapability.ClientStreaming, () => env.Services.Files.UploadAsync("big.bin", Chunks(content, 64 * 1024))))
        {
            return;
        }

        var stored = await env.Services.Files.UploadAsync("big.bin", Chunks(content, 64 * 1024));
        var downloaded = new List<byte>();
        var chunks = 0;
        await foreach (var chunk in env.Services.Files.DownloadAsync("big.bin"))
        {
            downloaded.AddRange(chunk);
            chunks++;
        }

        Assert.Equal(content.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.Sha256);
        Assert.True(chunks > 1, $"expected several chunks, got {chunks}");
        Assert.Equal(content, downloaded.ToArray());
        Assert.Equal(["big.bin"], (await env.Services.Files.ListAsync()).Select(f => f.Name));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_cancelled_upload_leaves_no_file_behind(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        using var cancel = new CancellationTokenSource();
        var firstChunkTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (await IsRecordedGapAsync(transport, TransportCapability.ClientStreaming, () => env.Services.Files.UploadAsync("partial.bin", StallingChunks(firstChunkTaken))))
        {
            return;
        }

        var upload = env.Services.Files.UploadAsync("partial.bin", StallingChunks(firstChunkTaken), cancel.Token);
        await firstChunkTaken.Task.WaitAsync(Patience);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => upload);
        await env.Services.Echo.ReverseAsync("sync"); // one more round trip, so the server has seen the cancellation
        var files = await env.Services.Files.ListAsync();

        Assert.Equal(RpcStatusCode.Cancelled, error.Status);
        Assert.DoesNotContain(files, f => f.Name == "partial.bin");
    }

    /// <summary>
    /// For a transport that lacks <paramref name="capability"/> (<see cref="IRpcTransport.Gaps"/>): asserts the
    /// documented behaviour, a prompt Unimplemented naming the reason, and returns true so the test ends there.
    /// </summary>
    private static async Task<bool> IsRecordedGapAsync(string transport, TransportCapability capability, Func<Task> call)
    {
        if (ConformanceTransports.Gap(transport, capability) is not { } gap)
        {
            return false;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call().WaitAsync(Patience));
        Assert.Equal(RpcStatusCode.Unimplemented, error.Status);
        Assert.NotEmpty(gap);
        return true;
    }

    private static async IAsyncEnumerable<string> Items(params string[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static async IAsyncEnumerable<byte[]> Chunks(byte[] content, int size)
    {
        for (var offset = 0; offset < content.Length; offset += size)
        {
            await Task.Yield();
            yield return content.AsSpan(offset, Math.Min(size, content.Length - offset)).ToArray();
        }
    }

    private static async IAsyncEnumerable<byte[]> StallingChunks(TaskCompletionSource firstChunkTaken, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new byte[1024];
        firstChunkTaken.TrySetResult();

        // The second chunk never comes: the upload is in flight when the caller cancels it.
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield return new byte[1024];
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
