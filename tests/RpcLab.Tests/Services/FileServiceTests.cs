using System.Security.Cryptography;
using System.Text;
using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Services.Files;

namespace RpcLab.Tests.Services;

public sealed class FileServiceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private FileService NewService(long maxFileSize = 1024 * 1024) => new(_folder.Path, new ServiceOptions { MaxFileSize = maxFileSize });

    private string[] FolderContents() => [.. Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task UploadThenDownload_MultiChunkFile_RoundTripsInFixedSizeChunks()
    {
        // Arrange: 200 KiB sent in chunks that do not line up with the download chunk size.
        var files = NewService();
        var data = RandomNumberGenerator.GetBytes(200 * 1024);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(data));

        // Act
        var entry = await files.UploadAsync("big.bin", Chunks.Of(data, 10_000));
        var chunks = new List<byte[]>();
        await foreach (var chunk in files.DownloadAsync("big.bin"))
        {
            chunks.Add(chunk);
        }

        // Assert
        Assert.Equal(("big.bin", 200L * 1024, sha256), (entry.Name, entry.Size, entry.Sha256));
        Assert.Equal([65536, 65536, 65536, 8192], chunks.Select(c => c.Length));
        Assert.Equal(data, chunks.SelectMany(c => c).ToArray());
        Assert.Equal(["big.bin"], FolderContents());
    }

    [Fact]
    public async Task Upload_EmptyStream_StoresAnEmptyFile()
    {
        // Arrange
        var files = NewService();

        // Act
        var entry = await files.UploadAsync("empty.txt", Chunks.Of([], 1));
        var content = await Chunks.ReadAllAsync(files.DownloadAsync("empty.txt"));

        // Assert
        Assert.Equal(0, entry.Size);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", entry.Sha256);
        Assert.Empty(content);
    }

    [Fact]
    public async Task Upload_ReplacesAnExistingFile()
    {
        // Arrange
        var files = NewService();
        await files.UploadAsync("a.txt", Chunks.Of("old content"));

        // Act
        await files.UploadAsync("a.txt", Chunks.Of("new"));

        // Assert
        Assert.Equal("new", Encoding.UTF8.GetString(await Chunks.ReadAllAsync(files.DownloadAsync("a.txt"))));
    }

    public static TheoryData<string, string> BadNames => new()
    {
        { "../x", "\"..\"" },
        { "/etc/passwd", "absolute" },
        { "a/b", "'/'" },
        { "a\\b", "'/'" },
        { "..", "not a file name" },
        { ".", "not a file name" },
        { "", "empty" },
        { new string('n', 300), "255" },
        { "a\0b", "control" },
        { "tab\there", "control" },
        { ".upload-123.tmp", "reserved" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task EveryOperation_RejectsABadNameWithTheRuleItBreaks(string name, string rule)
    {
        // Arrange
        var files = NewService();
        await files.UploadAsync("ok.txt", Chunks.Of("ok"));

        // Act
        var errors = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync(name, Chunks.Of("evil"))),
            await Assert.ThrowsAsync<RpcException>(() => Chunks.ReadAllAsync(files.DownloadAsync(name))),
            await Assert.ThrowsAsync<RpcException>(() => files.DeleteAsync(name)),
            await Assert.ThrowsAsync<RpcException>(() => files.RenameAsync(name, "other.txt")),
            await Assert.ThrowsAsync<RpcException>(() => files.RenameAsync("ok.txt", name)),
        };

        // Assert
        Assert.All(errors, e => Assert.Equal(RpcStatusCode.InvalidArgument, e.Status));
        Assert.All(errors, e => Assert.Contains(rule, e.Detail, StringComparison.Ordinal));
        Assert.Equal(["ok.txt"], FolderContents());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_folder.Path)!, "x")));
    }

    [Theory]
    [InlineData("report.final.pdf")]
    [InlineData(".hidden")]
    [InlineData("spaces and ünïcödé")]
    public void FileNames_AcceptOrdinaryNames(string name)
    {
        // Act + Assert
        Assert.Null(FileNames.Problem(name));
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_IsResourceExhaustedStopsReadingAndLeavesNothing()
    {
        // Arrange: 1000 bytes allowed, 3 x 600 offered.
        var files = NewService(maxFileSize: 1000);
        var pulled = 0;

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("big.bin", Chunks.Counted(new byte[1800], 600, () => pulled++)));

        // Assert: refused at the chunk that crossed the limit, not after reading everything.
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Contains("1000", error.Detail, StringComparison.Ordinal);
        Assert.Equal(2, pulled);
        Assert.Empty(FolderContents());
    }

    [Fact]
    public async Task Upload_ExactlyAtTheSizeLimit_IsAccepted()
    {
        // Arrange
        var files = NewService(maxFileSize: 1000);

        // Act
        var entry = await files.UploadAsync("edge.bin", Chunks.Of(new byte[1000], 300));

        // Assert
        Assert.Equal(1000, entry.Size);
    }

    [Fact]
    public async Task Upload_StreamThatFaults_LeavesThePreviousContentAndNoTemporaryFile()
    {
        // Arrange
        var files = NewService();
        await files.UploadAsync("doc.txt", Chunks.Of("previous"));

        // Act
        var error = await Assert.ThrowsAsync<IOException>(() =>
            files.UploadAsync("doc.txt", Chunks.ThenFail(new byte[5000], new IOException("connection reset"))));

        // Assert
        Assert.Equal("connection reset", error.Message);
        Assert.Equal("previous", Encoding.UTF8.GetString(await Chunks.ReadAllAsync(files.DownloadAsync("doc.txt"))));
        Assert.Equal(["doc.txt"], FolderContents());
    }

    [Fact]
    public async Task Upload_Cancelled_LeavesNoFile()
    {
        // Arrange
        var files = NewService();
        using var cancellation = new CancellationTokenSource();
        var firstSent = new TaskCompletionSource();
        var upload = files.UploadAsync("c.bin", Chunks.Held([1, 2, 3], [4], firstSent, Task.Delay(Timeout.Infinite, cancellation.Token), cancellation.Token), cancellation.Token);
        await firstSent.Task;

        // Act
        await cancellation.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.Empty(FolderContents());
    }

    [Fact]
    public async Task ConcurrentUploadsOfOneName_TheLastToCompleteWinsAndNothingIsMixed()
    {
        // Arrange: the first upload starts writing, the second starts and completes, then the first completes.
        var files = NewService();
        var firstSent = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = files.UploadAsync("same.txt", Chunks.Held("AAAA"u8.ToArray(), "aaaa"u8.ToArray(), firstSent, release.Task));
        await firstSent.Task;

        // Act
        await files.UploadAsync("same.txt", Chunks.Of("BBBBbbbb"));
        var afterSecond = await Chunks.ReadAllAsync(files.DownloadAsync("same.txt"));
        release.SetResult();
        await first;
        var afterFirst = await Chunks.ReadAllAsync(files.DownloadAsync("same.txt"));

        // Assert
        Assert.Equal("BBBBbbbb", Encoding.UTF8.GetString(afterSecond));
        Assert.Equal("AAAAaaaa", Encoding.UTF8.GetString(afterFirst));
        Assert.Equal(["same.txt"], FolderContents());
    }

    [Fact]
    public async Task ManyConcurrentUploadsOfOneName_LeaveExactlyOneOfThemIntact()
    {
        // Arrange
        var files = NewService();
        var contents = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)('a' + i), 100_000).ToArray()).ToArray();

        // Act
        await Task.WhenAll(contents.Select(data => Task.Run(() => files.UploadAsync("race.bin", Chunks.Of(data, 7_000)))));
        var stored = await Chunks.ReadAllAsync(files.DownloadAsync("race.bin"));

        // Assert
        Assert.Contains(contents, data => data.AsSpan().SequenceEqual(stored));
        Assert.Equal(["race.bin"], FolderContents());
    }

    [Fact]
    public async Task Download_MissingFile_IsNotFound()
    {
        // Arrange
        var files = NewService();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => Chunks.ReadAllAsync(files.DownloadAsync("missing.txt")));

        // Assert
        Assert.Equal(RpcStatusCode.NotFound, error.Status);
    }

    [Fact]
    public async Task Rename_MovesTheContent()
    {
        // Arrange
        var files = NewService();
        var uploaded = await files.UploadAsync("old.txt", Chunks.Of("content"));

        // Act
        var renamed = await files.RenameAsync("old.txt", "new.txt");

        // Assert
        Assert.Equal(("new.txt", uploaded.Size, uploaded.Sha256), (renamed.Name, renamed.Size, renamed.Sha256));
        Assert.Equal(["new.txt"], (await files.ListAsync()).Select(e => e.Name));
    }

    [Fact]
    public async Task Rename_MissingSource_IsNotFound_AndExistingTarget_IsAlreadyExists()
    {
        // Arrange
        var files = NewService();
        await files.UploadAsync("a.txt", Chunks.Of("a"));
        await files.UploadAsync("b.txt", Chunks.Of("b"));

        // Act
        var missing = await Assert.ThrowsAsync<RpcException>(() => files.RenameAsync("nope.txt", "c.txt"));
        var taken = await Assert.ThrowsAsync<RpcException>(() => files.RenameAsync("a.txt", "b.txt"));

        // Assert
        Assert.Equal(RpcStatusCode.NotFound, missing.Status);
        Assert.Equal(RpcStatusCode.AlreadyExists, taken.Status);
        Assert.Equal("a", Encoding.UTF8.GetString(await Chunks.ReadAllAsync(files.DownloadAsync("a.txt"))));
        Assert.Equal("b", Encoding.UTF8.GetString(await Chunks.ReadAllAsync(files.DownloadAsync("b.txt"))));
    }

    [Fact]
    public async Task Delete_RemovesTheFile_AndAMissingFileIsNotFound()
    {
        // Arrange
        var files = NewService();
        await files.UploadAsync("a.txt", Chunks.Of("a"));

        // Act
        await files.DeleteAsync("a.txt");
        var again = await Assert.ThrowsAsync<RpcException>(() => files.DeleteAsync("a.txt"));

        // Assert
        Assert.Equal(RpcStatusCode.NotFound, again.Status);
        Assert.Empty(await files.ListAsync());
    }

    [Fact]
    public async Task List_IsSortedByName_WithSizeHashAndUtcTime_AndHidesTemporaryFiles()
    {
        // Arrange
        var files = NewService();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await files.UploadAsync("b.txt", Chunks.Of("bb"));
        await files.UploadAsync("a.txt", Chunks.Of("a"));
        await File.WriteAllTextAsync(_folder.Combine(".upload-inflight.tmp"), "partial");

        // Act
        var entries = await files.ListAsync();

        // Assert
        Assert.Equal(["a.txt", "b.txt"], entries.Select(e => e.Name));
        Assert.Equal([1L, 2L], entries.Select(e => e.Size));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("bb"u8)), entries[1].Sha256);
        Assert.All(entries, e => Assert.Equal(TimeSpan.Zero, e.Modified.Offset));
        Assert.All(entries, e => Assert.InRange(e.Modified, before, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public void NewService_RemovesTemporaryFilesLeftByACrashedProcess()
    {
        // Arrange
        File.WriteAllText(_folder.Combine(".upload-crashed.tmp"), "partial");
        File.WriteAllText(_folder.Combine("kept.txt"), "kept");

        // Act
        _ = NewService();

        // Assert
        Assert.Equal(["kept.txt"], FolderContents());
    }

    [Fact]
    public async Task Host_WithoutDataDirectory_UsesATemporaryFolderDeletedOnDispose()
    {
        // Arrange
        var host = ServiceHost.Create(new ServiceOptions());
        var folder = host.FilesDirectory;
        await host.Services.Files.UploadAsync("x.txt", Chunks.Of("x"));
        Assert.True(File.Exists(Path.Combine(folder, "x.txt")));

        // Act
        await host.DisposeAsync();

        // Assert
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Host_WithDataDirectory_KeepsFilesAcrossRestarts()
    {
        // Arrange
        var options = new ServiceOptions { DataDirectory = _folder.Path };
        await using (var first = ServiceHost.Create(options))
        {
            await first.Services.Files.UploadAsync("kept.txt", Chunks.Of("kept"));
        }

        // Act
        await using var second = ServiceHost.Create(options);
        var entries = await second.Services.Files.ListAsync();

        // Assert
        Assert.Equal(["kept.txt"], entries.Select(e => e.Name));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "files", "kept.txt")));
    }
}
