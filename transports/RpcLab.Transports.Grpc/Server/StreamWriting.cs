using Grpc.Core;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>The one way the server adapters turn a contract's result stream into response messages. Thread-safe.</summary>
internal static class StreamWriting
{
    /// <summary>
    /// Writes each item of <paramref name="items"/> as it is produced (grpc-dotnet flushes every message), and
    /// stops the producer when the call is cancelled: <paramref name="cancellationToken"/> reaches the contract's
    /// enumerator too.
    /// </summary>
    public static async Task WriteEachAsync<TItem, TMessage>(this IServerStreamWriter<TMessage> writer, IAsyncEnumerable<TItem> items, Func<TItem, TMessage> toMessage, CancellationToken cancellationToken)
    {
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(toMessage(item), cancellationToken).ConfigureAwait(false);
        }
    }
}
