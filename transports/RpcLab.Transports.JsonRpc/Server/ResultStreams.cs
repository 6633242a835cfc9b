using System.Collections.Concurrent;
using System.Reflection;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// The result streams one connection has handed out as enumerator tokens. StreamJsonRpc runs each until it ends,
/// fails or is aborted (<c>$/enumerator/abort</c>); what it leaves open when the connection closes (a stream pulled
/// once and never again, or never pulled at all) is ended here, so no service keeps producing for a peer that is
/// gone. Also bounds how many may be open at once. Thread-safe.
/// </summary>
internal sealed class ResultStreams(int limit)
{
    private static readonly ConcurrentDictionary<Type, Func<object, ResultStreams, object>> Wrappers = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly ConcurrentDictionary<IResultCursor, byte> _open = new();

    public int Limit => limit;

    /// <summary>True when as many streams are open as the limit allows.</summary>
    public bool IsFull => _open.Count >= limit;

    /// <summary>Fires when the connection has closed.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>The stream <paramref name="stream"/> (an <c>IAsyncEnumerable</c> of <paramref name="itemType"/>), tracked.</summary>
    public object Track(object stream, Type itemType) => Wrappers.GetOrAdd(itemType, CreateWrapper)(stream, this);

    /// <summary>Ends every stream still open; called once, when the connection closes.</summary>
    public void Close()
    {
        _closed.Cancel();
        foreach (var cursor in _open.Keys)
        {
            _ = cursor.CloseAsync();
        }
    }

    internal void Opened(IResultCursor cursor)
    {
        _open[cursor] = 0;
        if (_closed.IsCancellationRequested)
        {
            _ = cursor.CloseAsync();
        }
    }

    internal void Ended(IResultCursor cursor) => _open.TryRemove(cursor, out _);

    private static Func<object, ResultStreams, object> CreateWrapper(Type itemType) =>
        typeof(ResultStreams).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(itemType)
            .CreateDelegate<Func<object, ResultStreams, object>>();

    private static object Wrap<T>(object stream, ResultStreams owner) => new TrackedStream<T>((IAsyncEnumerable<T>)stream, owner);
}
