using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RpcLab.Transports.Raw.Streams;

/// <summary>
/// The receiving end of one call's stream: the read loop adds the items that arrive (never waiting, see
/// <see cref="StreamWindow"/>), the consumer enumerates them, and consuming them grants the sender more through
/// <c>grant</c>. Thread-safe for one producer (the read loop) and one consumer.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class InboundStream<T>(Func<int, ValueTask> grant)
{
    private readonly Channel<T> _items = Channel.CreateBounded<T>(new BoundedChannelOptions(StreamWindow.Items)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private int _consumed;

    /// <summary>Adds an item; false when the sender sent more than it was granted (a protocol violation).</summary>
    public bool TryAdd(T item) => _items.Writer.TryWrite(item);

    /// <summary>No more items: the consumer sees the end, or <paramref name="error"/> after the items already added.</summary>
    public void Complete(Exception? error = null) => _items.Writer.TryComplete(error);

    /// <summary>The items in order; each one taken counts towards the next grant.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _items.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                yield return item;

                // The consumer asked for the next item, so it is done with this one: room for another.
                if (++_consumed >= StreamWindow.GrantEvery)
                {
                    var count = _consumed;
                    _consumed = 0;
                    await grant(count).ConfigureAwait(false);
                }
            }
        }
    }
}
