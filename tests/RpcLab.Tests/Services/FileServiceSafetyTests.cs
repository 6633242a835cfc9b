using System.Net.Sockets;
using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Services.Files;

namespace RpcLab.Tests.Services;

/// <summary>
/// The files folder with hostile entries in it, as the probe of issue 20 left them: a FIFO (which hung files.list and
/// the server's shutdown), a socket, and symbolic links to /etc/passwd and to a folder outside (which a download
/// followed). None is listed, served, renamed or deleted, and every call returns promptly.
/// </summary>
public sealed class FileServiceSafetyTests : IDisposable
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);

    private readonly TempFolder _folder = new();
    private readonly TempFolder _outside = new();
    private readonly List<IDisposable> _listening = [];

    public void Dispose()
    {
        _listening.ForEach(socket => socket.Dispose());
        _folder.Dispose();
        _outside.Dispose();
    }

    private FileService NewService() => new(_folder.Path, new ServiceOptions());

    /// <summary>The hostile entries, beside one regular file "ok.txt"; returns their names.</summary>
    private string[] PlantHostileEntries()
    {
        File.WriteAllText(_folder.Combine("ok.txt"), "ok");
        File.WriteAllText(_outside.Combine("secret.txt"), "secret");
        UnixOnly.MakeFifo(_folder.Combine("pipe"));
        File.CreateSymbolicLink(_folder.Combine("passwd"), "/etc/passwd");
        File.CreateSymbolicLink(_folder.Combine("secret.txt"), _outside.Combine("secret.txt"));
        Directory.CreateSymbolicLink(_folder.Combine("outside"), _outside.Path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_folder.Combine("socket")));
        _listening.Add(socket);
        return ["pipe", "passwd", "secret.txt", "outside", "socket"];
    }

    [UnixFact]
    public async Task List_shows_only_the_regular_file_and_returns_promptly()
    {
        // Arrange
        PlantHostileEntries();
        var files = NewService();

        // Act
        var listed = await files.ListAsync().WaitAsync(Promptly);

        // Assert
        Assert.Equal(["ok.txt"], listed.Select(e => e.Name));
    }

    [UnixFact]
    public async Task Download_rename_and_delete_of_each_hostile_entry_are_not_found_promptly_and_change_nothing()
    {
        // Arrange
        var hostile = PlantHostileEntries();
        var files = NewService();

        foreach (var name in hostile)
        {
            // Act
            var errors = new[]
            {
                await Assert.ThrowsAsync<RpcException>(() => Chunks.ReadAllAsync(files.DownloadAsync(name)).WaitAsync(Promptly)),
                await Assert.ThrowsAsync<RpcException>(() => files.RenameAsync(name, "renamed").WaitAsync(Promptly)),
                await Assert.ThrowsAsync<RpcException>(() => files.DeleteAsync(name).WaitAsync(Promptly)),
            };

            // Assert
            Assert.All(errors, e => Assert.Equal((RpcStatusCode.NotFound, $"no file named \"{name}\""), (e.Status, e.Detail)));
        }

        Assert.Equal(["ok.txt", "outside", "passwd", "pipe", "secret.txt", "socket"],
            Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("secret", await File.ReadAllTextAsync(_outside.Combine("secret.txt")));
    }

    [UnixFact]
    public async Task An_upload_replaces_a_link_itself_never_what_it_points_to()
    {
        // Arrange
        PlantHostileEntries();
        var files = NewService();

        // Act
        await files.UploadAsync("secret.txt", Chunks.Of("uploaded")).WaitAsync(Promptly);
        await files.UploadAsync("pipe", Chunks.Of("no longer a pipe")).WaitAsync(Promptly);
        var listed = await files.ListAsync().WaitAsync(Promptly);

        // Assert
        Assert.Equal(["ok.txt", "pipe", "secret.txt"], listed.Select(e => e.Name));
        Assert.Null(new FileInfo(_folder.Combine("secret.txt")).LinkTarget);
        Assert.Equal("secret", await File.ReadAllTextAsync(_outside.Combine("secret.txt")));
    }

    [UnixFact]
    public async Task A_fifo_in_the_files_folder_does_not_hold_up_the_shutdown_of_a_host()
    {
        // Arrange: a server with a data folder, a FIFO in its files folder, and a list that has met it.
        var host = ServiceHost.Create(new ServiceOptions { DataDirectory = _folder.Path });
        UnixOnly.MakeFifo(Path.Combine(host.FilesDirectory, "pipe"));
        await host.Services.Files.ListAsync().WaitAsync(Promptly);

        // Act + Assert
        await host.DisposeAsync().AsTask().WaitAsync(Promptly);
    }
}
