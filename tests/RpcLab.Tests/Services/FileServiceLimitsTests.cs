using System.Security.Cryptography;
using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Services.Files;

namespace RpcLab.Tests.Services;

/// <summary>
/// The files service under a client that uploads without end (issue 20: after 2 GB of uploads each list took 10 s,
/// hashing every file again): a quota for the folder, a most number of files, and lists that read no file twice.
/// </summary>
public sealed class FileServiceLimitsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private int _hashed;

    public void Dispose() => _folder.Dispose();

    /// <summary>A service whose list-time hashing is counted in <see cref="_hashed"/>.</summary>
    private FileService NewService(long quota = 1L << 30, int maxFiles = 1000, long maxFileSize = 1L << 20) =>
        new(_folder.Path, new ServiceOptions { FilesQuota = quota, MaxFiles = maxFiles, MaxFileSize = maxFileSize }, (stream, cancellationToken) =>
        {
            Interlocked.Increment(ref _hashed);
            return SHA256.HashDataAsync(stream, cancellationToken);
        });

    private string[] FolderContents() => [.. Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task An_upload_over_the_quota_is_resource_exhausted_at_the_chunk_that_crosses_it_and_leaves_nothing()
    {
        // Arrange: 1000 bytes for the whole folder, 600 already stored.
        var files = NewService(quota: 1000);
        await files.UploadAsync("first.bin", Chunks.Of(new byte[600], 600));
        var pulled = 0;

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("second.bin", Chunks.Counted(new byte[900], 300, () => pulled++)));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal("the files folder is full: \"second.bin\" does not fit in its quota of 1000 bytes", error.Detail);
        Assert.Equal(2, pulled);
        Assert.Equal(["first.bin"], FolderContents());
    }

    [Fact]
    public async Task A_failed_upload_no_longer_counts_and_a_delete_frees_its_bytes()
    {
        // Arrange
        var files = NewService(quota: 1000);
        await Assert.ThrowsAsync<IOException>(() => files.UploadAsync("dropped.bin", Chunks.ThenFail(new byte[800], new IOException("connection reset"))));
        await files.UploadAsync("a.bin", Chunks.Of(new byte[1000], 250));
        var full = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("b.bin", Chunks.Of(new byte[1], 1)));

        // Act
        await files.DeleteAsync("a.bin");
        var b = await files.UploadAsync("b.bin", Chunks.Of(new byte[1000], 500));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, full.Status);
        Assert.Equal(1000, b.Size);
        Assert.Equal(["b.bin"], FolderContents());
    }

    [Fact]
    public async Task Uploads_in_flight_count_so_concurrent_uploads_cannot_overrun_the_quota_together()
    {
        // Arrange: the first upload has written 600 of a 1000-byte quota and waits (the stream signals when the upload
        // asks for the second chunk, after writing the first).
        var files = NewService(quota: 1000);
        var firstSent = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = files.UploadAsync("first.bin", Chunks.Held(new byte[600], new byte[100], firstSent, release.Task));
        await firstSent.Task;

        // Act
        var second = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("second.bin", Chunks.Of(new byte[600], 600)));
        release.SetResult();
        var stored = await first;

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, second.Status);
        Assert.Equal(700, stored.Size);
        Assert.Equal(["first.bin"], FolderContents());
    }

    [Fact]
    public async Task Files_put_in_by_hand_count_toward_the_quota()
    {
        // Arrange
        var files = NewService(quota: 1000);
        await File.WriteAllBytesAsync(_folder.Combine("by-hand.bin"), new byte[900]);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("x.bin", Chunks.Of(new byte[200], 200)));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal(["by-hand.bin"], FolderContents());
    }

    [Fact]
    public async Task A_new_name_beyond_the_most_files_is_resource_exhausted_but_a_replacement_is_not()
    {
        // Arrange
        var files = NewService(maxFiles: 2);
        await files.UploadAsync("a.txt", Chunks.Of("a"));
        await files.UploadAsync("b.txt", Chunks.Of("b"));

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("c.txt", Chunks.Of("c")));
        var replaced = await files.UploadAsync("a.txt", Chunks.Of("new a"));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal("the files folder holds the most files allowed (2); delete one to upload another", error.Detail);
        Assert.Equal(5, replaced.Size);
        Assert.Equal(["a.txt", "b.txt"], FolderContents());
    }

    [Fact]
    public async Task List_answers_at_most_the_most_files_by_name()
    {
        // Arrange: five files put in by hand, more than the limit of three.
        foreach (var name in new[] { "e", "d", "c", "b", "a" })
        {
            await File.WriteAllTextAsync(_folder.Combine(name), name);
        }

        var files = NewService(maxFiles: 3);

        // Act
        var listed = await files.ListAsync();

        // Assert: and only the three listed were read.
        Assert.Equal(["a", "b", "c"], listed.Select(e => e.Name));
        Assert.Equal(3, _hashed);
    }

    [Fact]
    public async Task List_reads_no_uploaded_file_and_each_file_put_in_by_hand_once()
    {
        // Arrange: 50 uploads of 64 KiB, and one file put in by hand.
        var files = NewService();
        for (var i = 0; i < 50; i++)
        {
            await files.UploadAsync($"file{i:00}.bin", Chunks.Of(RandomNumberGenerator.GetBytes(64 * 1024), 16 * 1024));
        }

        var byHand = RandomNumberGenerator.GetBytes(1000);
        await File.WriteAllBytesAsync(_folder.Combine("by-hand.bin"), byHand);

        // Act
        var first = await files.ListAsync();
        var second = await files.ListAsync();

        // Assert
        Assert.Equal(51, first.Length);
        Assert.Equal(1, _hashed);
        Assert.Equal(first, second);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(byHand)), first.Single(e => e.Name == "by-hand.bin").Sha256);
    }

    [Fact]
    public async Task A_file_changed_on_disk_is_hashed_again_and_listed_with_its_new_hash()
    {
        // Arrange
        var files = NewService();
        var uploaded = await files.UploadAsync("doc.txt", Chunks.Of("version one"));

        // Act: rewritten by hand (new size and time), then listed twice.
        await File.WriteAllTextAsync(_folder.Combine("doc.txt"), "version two, longer");
        var listed = await files.ListAsync();
        await files.ListAsync();

        // Assert
        Assert.NotEqual(uploaded.Sha256, listed[0].Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("version two, longer"u8)), listed[0].Sha256);
        Assert.Equal(1, _hashed);
    }

    [Fact]
    public async Task Upload_rename_and_list_agree_on_size_time_and_hash_without_reading_the_file()
    {
        // Arrange
        var files = NewService();
        var uploaded = await files.UploadAsync("old.txt", Chunks.Of("content"));

        // Act
        var renamed = await files.RenameAsync("old.txt", "new.txt");
        var listed = Assert.Single(await files.ListAsync());

        // Assert
        Assert.Equal(uploaded with { Name = "new.txt" }, renamed);
        Assert.Equal(renamed, listed);
        Assert.Equal(new FileInfo(_folder.Combine("new.txt")).LastWriteTimeUtc, listed.Modified.UtcDateTime);
        Assert.Equal(0, _hashed);
    }
}
