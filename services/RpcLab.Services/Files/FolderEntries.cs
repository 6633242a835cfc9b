using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

namespace RpcLab.Services.Files;

/// <summary>
/// Looks at the files folder the way a server facing hostile neighbours must: without following a symbolic link
/// and without opening anything that is not a regular file. .NET's file APIs cannot tell a FIFO, a socket or a
/// device from a regular file (FileInfo says "Normal" with length 0 for all of them), and a FileStream opened on a
/// FIFO blocks until a writer comes, which hung files.list and the server's shutdown; so on Unix this asks the OS
/// through Mono.Unix: lstat for the kind, and an open with O_NOFOLLOW | O_NONBLOCK whose fstat must again say
/// "regular file" (the name may have been swapped between the two). On Windows, which has no FIFOs in its file
/// system, a reparse point (a link) or a device is special. Stateless and thread-safe.
/// </summary>
internal static class FolderEntries
{
    /// <summary>What <paramref name="path"/> is, and its stamp when it is a regular file. Opens nothing.</summary>
    /// <exception cref="IOException">The OS could not say (the path is too long, the disk failed, ...).</exception>
    /// <exception cref="UnauthorizedAccessException">The server may not look into the folder.</exception>
    public static (EntryKind Kind, FileStamp Stamp) Inspect(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return InspectOnWindows(path);
        }

        if (Syscall.lstat(path, out var status) != 0)
        {
            var errno = Stdlib.GetLastError();
            return errno is Errno.ENOENT or Errno.ENOTDIR ? (EntryKind.Missing, default) : throw Failure(errno);
        }

        return (KindOf(status), StampOf(status));
    }

    /// <summary>
    /// A read stream over <paramref name="path"/>, or null when it is not a regular file (missing, a link, a FIFO, a
    /// socket, a device, a folder). <paramref name="stamp"/> describes the file that was opened.
    /// </summary>
    public static FileStream? OpenRegular(string path, int bufferSize, out FileStamp stamp)
    {
        stamp = default;
        if (Inspect(path).Kind != EntryKind.RegularFile)
        {
            return null;
        }

        if (OperatingSystem.IsWindows())
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize);
            stamp = InspectOnWindows(path).Stamp;
            return stream;
        }

        // O_NONBLOCK: should the name have become a FIFO since the lstat, the open returns at once instead of
        // waiting for a writer; it changes nothing for a regular file.
        var descriptor = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (descriptor < 0)
        {
            var errno = Stdlib.GetLastError();
            return errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ELOOP or Errno.ENXIO ? null : throw Failure(errno);
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            if (Syscall.fstat(descriptor, out var status) != 0)
            {
                throw Failure(Stdlib.GetLastError());
            }

            if (KindOf(status) != EntryKind.RegularFile)
            {
                handle.Dispose();
                return null;
            }

            stamp = StampOf(status);
            return new FileStream(handle, FileAccess.Read, bufferSize, isAsync: false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static EntryKind KindOf(Stat status) => (status.st_mode & FilePermissions.S_IFMT) switch
    {
        FilePermissions.S_IFREG => EntryKind.RegularFile,
        FilePermissions.S_IFDIR => EntryKind.Folder,
        _ => EntryKind.Special,
    };

    /// <summary>The stamp, with the time in .NET ticks exactly as FileInfo.LastWriteTimeUtc reports it.</summary>
    private static FileStamp StampOf(Stat status) =>
        new(status.st_size, DateTime.UnixEpoch.Ticks + (status.st_mtime * TimeSpan.TicksPerSecond) + (status.st_mtime_nsec / 100), status.st_ino);

    /// <summary>
    /// The exception .NET's own file APIs throw for <paramref name="errno"/> (an IOException carrying the errno as its
    /// HResult, as .NET's do), so <see cref="FileErrors"/> maps both alike.
    /// </summary>
    private static Exception Failure(Errno errno) => errno switch
    {
        Errno.ENAMETOOLONG => new PathTooLongException($"the path is too long ({errno})"),
        Errno.EACCES or Errno.EPERM => new UnauthorizedAccessException($"access denied ({errno})"),
        _ => new IOException($"the file system failed ({errno})", NativeConvert.TryFromErrno(errno, out var code) ? code : 0),
    };

    private static (EntryKind Kind, FileStamp Stamp) InspectOnWindows(string path)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (EntryKind.Missing, default);
        }

        if ((attributes & (FileAttributes.ReparsePoint | FileAttributes.Device)) != 0)
        {
            return (EntryKind.Special, default);
        }

        if ((attributes & FileAttributes.Directory) != 0)
        {
            return (EntryKind.Folder, default);
        }

        var info = new FileInfo(path);
        return (EntryKind.RegularFile, new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, 0));
    }
}
