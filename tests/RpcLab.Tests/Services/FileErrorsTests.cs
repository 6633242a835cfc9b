using System.Runtime.Versioning;
using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Services.Files;

namespace RpcLab.Tests.Services;

/// <summary>
/// A failure of the server's file system reaches a client as a plain sentence: no absolute server path, no .NET
/// exception type name (issue 20 saw both, for PathTooLongException and a read-only folder). The mapping is checked
/// for each kind of failure, and on a real folder for each failure this machine can make.
/// </summary>
public sealed class FileErrorsTests : IDisposable
{
    private const string ServerPath = "/srv/rpclab/data/files/.upload-0123456789abcdef.tmp";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<Exception, bool, RpcStatusCode, string> Failures => new()
    {
        { new PathTooLongException($"The path '{ServerPath}' is too long, or a component of the specified path is too long."), true, RpcStatusCode.InvalidArgument, "the file name is too long for the server's file system" },
        { new DirectoryNotFoundException($"Could not find a part of the path '{ServerPath}'."), true, RpcStatusCode.FailedPrecondition, "the server's files folder is missing" },
        { new UnauthorizedAccessException($"Access to the path '{ServerPath}' is denied."), true, RpcStatusCode.FailedPrecondition, "the server cannot write the files folder" },
        { new UnauthorizedAccessException($"Access to the path '{ServerPath}' is denied."), false, RpcStatusCode.FailedPrecondition, "the server cannot read the files folder" },
        { new IOException($"No space left on device : '{ServerPath}'", OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28), true, RpcStatusCode.ResourceExhausted, "the server's disk is full" },
        { new IOException($"Input/output error : '{ServerPath}'", 5), true, RpcStatusCode.Internal, "the server could not write the file" },
        { new IOException($"Input/output error : '{ServerPath}'", 5), false, RpcStatusCode.Internal, "the server could not read the file" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_becomes_a_plain_sentence_without_the_path_or_the_exception_name(Exception failure, bool writes, RpcStatusCode status, string detail)
    {
        // Act
        var error = FileErrors.ToRpc(failure, writes);

        // Assert
        Assert.Equal((status, detail), (error.Status, error.Detail));
        AssertPlain(error);
    }

    [Fact]
    public async Task A_files_folder_removed_under_the_server_is_failed_precondition_without_a_path()
    {
        // Arrange
        var files = new FileService(_folder.Combine("files"), new ServiceOptions());
        Directory.Delete(files.Folder);

        // Act
        var upload = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("a.txt", Chunks.Of("a")));
        var list = await Assert.ThrowsAsync<RpcException>(() => files.ListAsync());

        // Assert
        Assert.All([upload, list], e => Assert.Equal((RpcStatusCode.FailedPrecondition, "the server's files folder is missing"), (e.Status, e.Detail)));
        AssertPlain(upload);
        AssertPlain(list);
    }

    [UnixFact]
    public async Task A_path_too_long_for_the_file_system_is_invalid_argument_without_a_path()
    {
        // Arrange: a folder so deep that the folder and a 255-character name together pass Linux's 4096-byte PATH_MAX.
        var deep = Path.Combine([_folder.Path, .. Enumerable.Repeat(new string('d', 250), 16)]);
        var files = new FileService(deep, new ServiceOptions());
        var name = new string('n', FileNames.MaxLength);

        // Act
        var upload = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync(name, Chunks.Of("x")));
        var download = await Assert.ThrowsAsync<RpcException>(() => Chunks.ReadAllAsync(files.DownloadAsync(name)));

        // Assert
        Assert.All([upload, download], e => Assert.Equal((RpcStatusCode.InvalidArgument, "the file name is too long for the server's file system"), (e.Status, e.Detail)));
        AssertPlain(upload);
        Assert.Empty(Directory.EnumerateFileSystemEntries(deep));
    }

    [UnixFact(NotAsRoot = true)]
    [UnsupportedOSPlatform("windows")]
    public async Task A_read_only_files_folder_is_failed_precondition_without_a_path()
    {
        // Arrange
        var files = new FileService(_folder.Combine("files"), new ServiceOptions());
        await files.UploadAsync("kept.txt", Chunks.Of("kept"));
        File.SetUnixFileMode(files.Folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            // Act
            var upload = await Assert.ThrowsAsync<RpcException>(() => files.UploadAsync("a.txt", Chunks.Of("a")));
            var delete = await Assert.ThrowsAsync<RpcException>(() => files.DeleteAsync("kept.txt"));

            // Assert
            Assert.All([upload, delete], e => Assert.Equal((RpcStatusCode.FailedPrecondition, "the server cannot write the files folder"), (e.Status, e.Detail)));
            AssertPlain(upload);
            Assert.Equal(["kept.txt"], (await files.ListAsync()).Select(e => e.Name));
        }
        finally
        {
            File.SetUnixFileMode(files.Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_name_longer_than_255_bytes_in_utf8_is_refused_before_the_file_system_sees_it()
    {
        // Act
        var problem = FileNames.Problem(new string('ü', 200));

        // Assert
        Assert.Equal("a file name must be at most 255 bytes in UTF-8 (this one has 400)", problem);
    }

    /// <summary>What a client sees, as every transport carries it: no server path and no exception type name.</summary>
    internal static void AssertPlain(RpcException error)
    {
        foreach (var text in new[] { error.Detail, error.Message })
        {
            Assert.DoesNotContain('/', text);
            Assert.DoesNotContain('\\', text);
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        }
    }
}
