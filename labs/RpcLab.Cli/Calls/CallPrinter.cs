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
        var summary = await DownloadWriter.SaveAsync(Bytes(chunks), outputPath, received: null, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(JsonOutput.Format(summary)).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<byte[]> Bytes(IAsyncEnumerable<object?> items)
    {
        await foreach (var item in items.ConfigureAwait(false))
        {
            yield return (byte[])item!;
        }
    }
}
