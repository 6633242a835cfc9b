using RpcLab.Services.Errors;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Server;

namespace RpcLab.Transports.Rpyc.Original;

/// <summary>
/// The original project's FileServer (part 1; part 2 when <paramref name="withUpdate"/>), over RpcLab's file
/// service. Its methods never raise: every failure is one of its fixed strings, as the original caught everything.
/// download answers a dict reference <c>{"data": bytes, "error": None}</c> (the client reads <c>res["error"]</c>),
/// show_files a list reference of names (<c>[]</c> on any error). Renaming onto an existing name replaces it, as
/// <c>os.rename</c> does. Thread-safe.
/// </summary>
internal sealed class OriginalFileServer(ServerContext context, bool withUpdate) : ExposedService(context, "FileServer")
{
    protected override IReadOnlyDictionary<string, (ExposedParameter[] Parameters, Func<object?[], CancellationToken, Task<object?>> Body)> Methods =>
        field ??= Build(withUpdate);

    private IReadOnlyDictionary<string, (ExposedParameter[], Func<object?[], CancellationToken, Task<object?>>)> Build(bool update)
    {
        var methods = new Dictionary<string, (ExposedParameter[], Func<object?[], CancellationToken, Task<object?>>)>(StringComparer.Ordinal)
        {
            ["file_upload"] = (update
                ? [new("binary_data"), new("name"), new("update", Optional: true, Default: false)]
                : [new("binary_data"), new("name")], UploadAsync),
            ["file_delete"] = ([new("name")], DeleteAsync),
            ["show_files"] = ([], ShowFilesAsync),
        };
        if (!update)
        {
            methods["file_rename"] = ([new("name"), new("new_name")], RenameAsync);
            methods["download"] = ([new("name")], DownloadAsync);
        }

        return methods;
    }

    private async Task<object?> UploadAsync(object?[] args, CancellationToken cancellationToken)
    {
        try
        {
            if (args[0] is not byte[] data || args[1] is not string name)
            {
                return "Unable to upload file please try again";
            }

            await Context.Services.Files.UploadAsync(name, One(data), cancellationToken).ConfigureAwait(false);
            return args.Length > 2 && IsTrue(args[2]) ? "File updated successfully" : "File uploaded successfully";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "Unable to upload file please try again";
        }
    }

    private async Task<object?> DeleteAsync(object?[] args, CancellationToken cancellationToken)
    {
        try
        {
            await Context.Services.Files.DeleteAsync(args[0] as string ?? string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return "File Deleted successfully";
        }
        catch (RpcException e) when (e.Status == RpcStatusCode.NotFound)
        {
            return "The file does not exist";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "Unable to delete file please try again";
        }
    }

    private async Task<object?> RenameAsync(object?[] args, CancellationToken cancellationToken)
    {
        var files = Context.Services.Files;
        try
        {
            if (args[0] is not string name || args[1] is not string newName)
            {
                return "Unable to rename please try again";
            }

            try
            {
                await files.RenameAsync(name, newName, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Status == RpcStatusCode.AlreadyExists)
            {
                // os.rename replaces an existing target (on the Linux the original ran on).
                await files.DeleteAsync(newName, cancellationToken: cancellationToken).ConfigureAwait(false);
                await files.RenameAsync(name, newName, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return "Renamed file successfully";
        }
        catch (RpcException e) when (e.Status == RpcStatusCode.NotFound)
        {
            return "The file does not exist";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "Unable to rename please try again";
        }
    }

    private async Task<object?> DownloadAsync(object?[] args, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new MemoryStream();
            await foreach (var chunk in Context.Services.Files.DownloadAsync(args[0] as string ?? string.Empty, cancellationToken).ConfigureAwait(false))
            {
                content.Write(chunk);
            }

            return new PyDict([new("data", content.ToArray()), new("error", null)]);
        }
        catch (RpcException e) when (e.Status == RpcStatusCode.NotFound)
        {
            return new PyDict([new("error", "File not found"), new("data", null)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new PyDict([new("error", "Unable to download"), new("data", null)]);
        }
    }

    private async Task<object?> ShowFilesAsync(object?[] args, CancellationToken cancellationToken)
    {
        try
        {
            var files = await Context.Services.Files.ListAsync(cancellationToken).ConfigureAwait(false);
            return new PyList(files.Select(f => (object?)f.Name).ToArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new PyList([]);
        }
    }

    // Python's truth of the update flag as the client sent it (True, 1, a non-empty string...).
    private static bool IsTrue(object? value) => value switch
    {
        null or false => false,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        _ => true,
    };

#pragma warning disable CS1998 // one chunk, already in memory
    private static async IAsyncEnumerable<byte[]> One(byte[] data)
    {
        yield return data;
    }
#pragma warning restore CS1998
}
