using System.Security.Cryptography;
using RpcLab.Services.Contracts;

namespace RpcLab.Cli.Calls;

/// <summary>
/// Makes a prepared call on a set of services (a transport's client proxies) and prints what comes back
/// the way <c>rpclab call</c> shows it: a result as indented JSON, stream items one per line as they
/// arrive, "ok" for a method without a result, and a stream of bytes as its size and SHA-256 (written to
/// a local file when asked). Errors propagate as the transport threw them. Stateless and thread-safe.
/// </summary>
public static class CallPrinter
{
    public static async Task RunAsync(ServiceSet services, PreparedCall call, string? outputPath, TextWriter output, CancellationToken cancellationToken)
    {
        var method = call.Method;
        if (outputPath is not null && !(method.StreamsResult && method.ResultType == typeof(byte[])))
        {
            throw new UsageException($"--output is for methods that return a stream of bytes (files.download); {method.FullName} returns {TypeNames.Friendly(method.ResultType)}");
        }

        if (!method.StreamsResult)
        {
            var result = await method.InvokeAsync(services, call.Arguments, call.RequestStream, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(method.ResultType is null ? "ok" : JsonOutput.Format(result)).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var items = method.InvokeStreaming(services, call.Arguments, call.RequestStream, cancellationToken);
        if (method.ResultType == typeof(byte[]))
        {
            await SaveBytesAsync(items, outputPath, output, cancellationToken).ConfigureAwait(false);
            return;
        }

        await foreach (var item in items.ConfigureAwait(false))
        {
            await output.WriteLineAsync(JsonOutput.Format(item, indented: false)).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SaveBytesAsync(IAsyncEnumerable<object?> chunks, string? outputPath, TextWriter output, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        string? fullPath = outputPath is null ? null : Path.GetFullPath(outputPath);

        // Written beside the target and moved into place at the end, so a failed download leaves no half file.
        string? partPath = fullPath is null ? null : fullPath + ".part";
        var file = partPath is null ? null : new FileStream(partPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        try
        {
            await foreach (var item in chunks.ConfigureAwait(false))
            {
                var chunk = (byte[])item!;
                hash.AppendData(chunk);
                size += chunk.Length;
                if (file is not null)
                {
                    await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }
            }

            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
                file = null;
                File.Move(partPath!, fullPath!, overwrite: true);
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
                File.Delete(partPath!);
            }
        }

        var summary = new DownloadSummary(size, Convert.ToHexStringLower(hash.GetHashAndReset()), fullPath);
        await output.WriteLineAsync(JsonOutput.Format(summary)).ConfigureAwait(false);
    }
}
