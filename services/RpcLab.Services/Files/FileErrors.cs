using System.Security;
using Mono.Unix.Native;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Files;

/// <summary>
/// What a client is told when the server's file system fails. .NET's messages name the absolute server path
/// ("Access to the path '/srv/rpclab/data/files/.upload-….tmp' is denied.") and the transports' fallback adds the
/// exception's type name, both of which tell a stranger how the server is laid out; so every such failure becomes an
/// <see cref="RpcException"/> with a plain sentence instead, and the original stays its inner exception for the
/// server's own eyes. Stateless and thread-safe.
/// </summary>
internal static class FileErrors
{
    /// <summary>ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL, as HRESULTs.</summary>
    private static readonly int[] DiskFullHResults = [unchecked((int)0x80070027), unchecked((int)0x80070070)];

    /// <summary>True for a failure of the file system, which <see cref="ToRpc"/> maps; false for anything else.</summary>
    public static bool IsFileSystemFailure(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or SecurityException;

    /// <summary>The plain error for <paramref name="exception"/>, in a call that <paramref name="writes"/> to the folder or only reads it.</summary>
    public static RpcException ToRpc(Exception exception, bool writes) => exception switch
    {
        PathTooLongException => new(RpcStatusCode.InvalidArgument, "the file name is too long for the server's file system", exception),
        DirectoryNotFoundException => new(RpcStatusCode.FailedPrecondition, "the server's files folder is missing", exception),
        UnauthorizedAccessException or SecurityException => new(
            RpcStatusCode.FailedPrecondition, writes ? "the server cannot write the files folder" : "the server cannot read the files folder", exception),
        IOException when IsDiskFull(exception.HResult) => new(RpcStatusCode.ResourceExhausted, "the server's disk is full", exception),
        _ => new(RpcStatusCode.Internal, writes ? "the server could not write the file" : "the server could not read the file", exception),
    };

    /// <summary>
    /// True when the OS said "no space left" or "disk quota exceeded": on Unix .NET's IOException carries the errno as
    /// its HResult, whose number differs between systems, so Mono.Unix reads it.
    /// </summary>
    private static bool IsDiskFull(int hresult) => OperatingSystem.IsWindows()
        ? DiskFullHResults.Contains(hresult)
        : NativeConvert.TryToErrno(hresult, out var errno) && errno is Errno.ENOSPC or Errno.EDQUOT;
}
