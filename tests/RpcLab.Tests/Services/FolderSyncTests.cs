using System.Text;
using RpcLab.Services;
using RpcLab.Services.Files;

namespace RpcLab.Tests.Services;

public sealed class FolderSyncTests : IDisposable
{
    private readonly TempFolder _local = new();
    private readonly TempFolder _server = new();
    private readonly FileService _files;
    private readonly FolderSync _sync;

    public FolderSyncTests()
    {
        _files = new FileService(_server.Path, new ServiceOptions { MaxFileSize = 10 * 1024 * 1024 });
        _sync = new FolderSync(_files);
    }

    public void Dispose()
    {
        _local.Dispose();
        _server.Dispose();
    }

    private void WriteLocal(string name, string content) => File.WriteAllText(_local.Combine(name), content);

    private async Task<string> ServerContent(string name) =>
        Encoding.UTF8.GetString(await Chunks.ReadAllAsync(_files.DownloadAsync(name)));

    [Fact]
    public async Task FirstSync_UploadsEveryFile()
    {
        // Arrange
        WriteLocal("a.txt", "alpha");
        WriteLocal("b.txt", "beta");

        // Act
        var report = await _sync.SyncAsync(_local.Path);

        // Assert
        Assert.Equal(["a.txt", "b.txt"], report.Added);
        Assert.Empty(report.Changed);
        Assert.Empty(report.Deleted);
        Assert.Empty(report.Unchanged);
        Assert.Equal("alpha", await ServerContent("a.txt"));
        Assert.Equal("beta", await ServerContent("b.txt"));
    }

    [Fact]
    public async Task SecondSync_ReportsAddedChangedDeletedAndUnchanged()
    {
        // Arrange
        WriteLocal("same.txt", "same");
        WriteLocal("edit.txt", "before");
        WriteLocal("gone.txt", "gone");
        await _sync.SyncAsync(_local.Path);
        var sameBefore = (await _files.ListAsync()).Single(e => e.Name == "same.txt");
        WriteLocal("edit.txt", "after");
        File.Delete(_local.Combine("gone.txt"));
        WriteLocal("new.txt", "new");

        // Act
        var report = await _sync.SyncAsync(_local.Path);

        // Assert
        Assert.Equal(["new.txt"], report.Added);
        Assert.Equal(["edit.txt"], report.Changed);
        Assert.Equal(["gone.txt"], report.Deleted);
        Assert.Equal(["same.txt"], report.Unchanged);
        Assert.Equal("after", await ServerContent("edit.txt"));
        Assert.Equal(["edit.txt", "new.txt", "same.txt"], (await _files.ListAsync()).Select(e => e.Name));
        // An unchanged file is not sent again, so its server copy keeps its time.
        Assert.Equal(sameBefore, (await _files.ListAsync()).Single(e => e.Name == "same.txt"));
    }

    [Fact]
    public async Task Sync_OfAMirroredFolder_ChangesNothing()
    {
        // Arrange
        WriteLocal("a.txt", "alpha");
        await _sync.SyncAsync(_local.Path);

        // Act
        var report = await _sync.SyncAsync(_local.Path);

        // Assert
        Assert.Equal(["a.txt"], report.Unchanged);
        Assert.Empty(report.Added.Concat(report.Changed).Concat(report.Deleted));
    }

    [Fact]
    public async Task Sync_SkipsSubfoldersAndBadNames_AndKeepsServerFilesOfTheSameName()
    {
        // Arrange
        WriteLocal("ok.txt", "ok");
        WriteLocal("back\\slash.txt", "not a valid server name");
        Directory.CreateDirectory(_local.Combine("sub"));
        File.WriteAllText(Path.Combine(_local.Combine("sub"), "inner.txt"), "nested");
        await _files.UploadAsync("sub", Chunks.Of("a server file named like the local folder"));

        // Act
        var report = await _sync.SyncAsync(_local.Path);

        // Assert
        Assert.Equal(["ok.txt"], report.Added);
        Assert.Equal(["back\\slash.txt", "sub"], report.Skipped.Select(s => s.Name));
        Assert.Contains("folder", report.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.Empty(report.Deleted);
        Assert.Equal(["ok.txt", "sub"], (await _files.ListAsync()).Select(e => e.Name));
    }

    [Fact]
    public async Task Sync_MultiChunkFile_ArrivesIntact()
    {
        // Arrange
        var data = new byte[3 * FileService.ChunkSize + 17];
        new Random(7).NextBytes(data);
        await File.WriteAllBytesAsync(_local.Combine("big.bin"), data);

        // Act
        var report = await _sync.SyncAsync(_local.Path);

        // Assert
        Assert.Equal(["big.bin"], report.Added);
        Assert.Equal(data, await Chunks.ReadAllAsync(_files.DownloadAsync("big.bin")));
    }
}
