using System.Threading.Channels;
using RpcLab.Services.Contracts;

namespace RpcLab.Tests.Grpc;

/// <summary>Every call shape of every service, through our client to our server.</summary>
public sealed class GrpcCallShapeTests
{
    [Fact]
    public async Task Unary_echo_reverses_the_message()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var reply = await host.Client.Services.Echo.ReverseAsync("hello");

        // Assert
        Assert.Equal("olleh", reply);
    }

    [Fact]
    public async Task Unary_echo_carries_unicode_and_empty_strings()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var unicode = await host.Client.Services.Echo.ReverseAsync("añb");
        var empty = await host.Client.Services.Echo.ReverseAsync(string.Empty);

        // Assert
        Assert.Equal("bña", unicode);
        Assert.Equal(string.Empty, empty);
    }

    [Fact]
    public async Task Client_streaming_collects_every_message_in_order()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var collected = await host.Client.Services.Echo.CollectAsync(Stream("one", "two", "three"));
        var none = await host.Client.Services.Echo.CollectAsync(Stream<string>());

        // Assert
        Assert.Equal("one two three", collected);
        Assert.Equal(string.Empty, none);
    }

    [Fact]
    public async Task Server_streaming_yields_each_item_in_order()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var items = await host.Client.Services.Echo.RepeatAsync("hi", 3).ToListAsync();
        var none = await host.Client.Services.Echo.RepeatAsync("hi", 0).ToListAsync();

        // Assert
        Assert.Equal(["hi #1", "hi #2", "hi #3"], items);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Duplex_answers_each_message_before_the_next_is_sent()
    {
        // Arrange: the next message is only written after the previous reply arrived, so a transport that
        // buffered the request stream until its end would hang here.
        await using var host = await GrpcTestServer.StartAsync();
        var outgoing = Channel.CreateUnbounded<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var replies = new List<string>();

        // Act
        await outgoing.Writer.WriteAsync("abc", timeout.Token);
        await foreach (var reply in host.Client.Services.Echo.ChatAsync(outgoing.Reader.ReadAllAsync(timeout.Token), timeout.Token))
        {
            replies.Add(reply);
            if (replies.Count == 1)
            {
                await outgoing.Writer.WriteAsync("xyz", timeout.Token);
            }
            else
            {
                outgoing.Writer.Complete();
            }
        }

        // Assert
        Assert.Equal(["cba", "zyx"], replies);
    }

    [Fact]
    public async Task Users_crud_round_trips_through_the_contract()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var users = host.Client.Services.Users;

        // Act
        var created = await users.CreateAsync("Ada", "ada@example.com");
        var fetched = await users.GetAsync(created.Id);
        var updated = await users.UpdateAsync(created.Id, "Ada L.", "ada@lovelace.org");
        await users.DeleteAsync("1");
        var remaining = await users.ListAsync();

        // Assert
        Assert.Equal(new User("2", "Ada", "ada@example.com"), created);
        Assert.Equal(created, fetched);
        Assert.Equal(new User("2", "Ada L.", "ada@lovelace.org"), updated);
        Assert.Equal([updated], remaining);
    }

    [Fact]
    public async Task Files_upload_keeps_chunks_and_download_streams_them_back()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var files = host.Client.Services.Files;
        byte[][] chunks = [[1, 2, 3], [4, 5, 6, 7, 8], [9]];

        // Act
        var entry = await files.UploadAsync("data.bin", Stream(chunks));
        var downloaded = await files.DownloadAsync("data.bin").ToListAsync();
        var renamed = await files.RenameAsync("data.bin", "moved.bin");
        var listed = await files.ListAsync();
        await files.DeleteAsync("moved.bin");

        // Assert
        Assert.Equal("data.bin", entry.Name);
        Assert.Equal(9, entry.Size);
        Assert.Equal(3, host.Fakes.Files.UploadChunkCounts["data.bin"]);
        Assert.Equal([4, 4, 1], downloaded.Select(c => c.Length));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (byte)i), downloaded.SelectMany(c => c));
        Assert.Equal("moved.bin", renamed.Name);
        Assert.Equal(entry.Sha256, renamed.Sha256);
        Assert.Equal(entry.Modified, renamed.Modified);
        Assert.Equal(["moved.bin"], listed.Select(f => f.Name));
        Assert.Empty(await files.ListAsync());
    }

    [Fact]
    public async Task Files_upload_of_no_chunks_still_names_the_file()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var entry = await host.Client.Services.Files.UploadAsync("empty.txt", Stream<byte[]>());

        // Assert
        Assert.Equal(new FileEntry("empty.txt", 0, entry.Modified, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([]))), entry);
        Assert.Equal(0, host.Fakes.Files.UploadChunkCounts["empty.txt"]);
    }

    [Fact]
    public async Task Parallel_sum_returns_widened_sums_and_workers()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var result = await host.Client.Services.Sum.SumAsync([1, int.MaxValue, -3], [2, int.MaxValue, 3], parallelism: 3);

        // Assert
        Assert.Equal([3L, 2L * int.MaxValue, 0L], result.Sum);
        Assert.Equal(3, result.Workers);
    }

    [Fact]
    public async Task Compute_direct_calls_and_jobs_map_every_field()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var compute = host.Client.Services.Compute;

        // Act
        var sum = await compute.AddAsync(1.5, 2.25);
        var sorted = await compute.SortAsync([3, -1, 2]);
        var addJob = await compute.GetJobAsync(await compute.SubmitAddAsync(1, 2));
        var sortJob = await compute.WaitJobAsync(await compute.SubmitSortAsync([]), 1000);

        // Assert
        Assert.Equal(3.75, sum);
        Assert.Equal([-1, 2, 3], sorted);
        Assert.Equal(JobState.Done, addJob.State);
        Assert.Equal("add", addJob.Kind);
        Assert.Equal(3.0, addJob.Sum);
        Assert.Null(addJob.Sorted);
        Assert.Null(addJob.Error);
        Assert.Equal(JobState.Done, sortJob.State);
        Assert.Null(sortJob.Sum);
        Assert.NotNull(sortJob.Sorted);
        Assert.Empty(sortJob.Sorted);
    }

    [Fact]
    public async Task More_concurrent_calls_than_one_connection_allows_all_complete()
    {
        // Arrange: Kestrel allows 100 streams per HTTP/2 connection; the client must open more connections.
        await using var host = await GrpcTestServer.StartAsync();
        var echo = host.Client.Services.Echo;

        // Act
        var replies = await Task.WhenAll(Enumerable.Range(0, 250).Select(i => echo.DelayAsync($"m{i}", 200)));

        // Assert
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"m{i}"), replies);
    }

    private static async IAsyncEnumerable<T> Stream<T>(params T[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
