using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.AtMostOnce;

/// <summary>
/// The server's memory of non-idempotent calls, for at-most-once execution: per client, the last
/// <see cref="RequestId.Sequence"/> it sent and that call's reply (result or error). A call whose id matches the
/// entry is a retry of it and is answered with the same reply, without running again (even while the first run is
/// still going: the retry waits for it). Thread-safe.
/// </summary>
/// <remarks>
/// <para>Bounded like labrpc's kvsrv lab asks: one entry per client, at most <see cref="MaxClients"/> clients. When a new
/// client would exceed that, the least recently seen client's entry is evicted (counted in <see cref="Evicted"/>); a retry
/// of that client's last call then runs again. That is the price of bounded memory, said in the README.</para>
/// <para>One entry per client assumes a client retries only its latest non-idempotent call. A retry of an older one
/// (a client that has several in flight) is answered Aborted rather than run again: its reply is gone, and running it
/// twice is exactly what this table exists to prevent.</para>
/// <para>A first reply that says the call did not run (ResourceExhausted: refused before any work; a cancellation) is
/// not kept, so the client's retry with the same id runs it; every other reply, success or error, is.</para>
/// </remarks>
public sealed class ReplyTable
{
    /// <summary>The longest client id accepted: an entry's size must not be up to the client.</summary>
    public const int MaxClientIdLength = 128;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<ReplyEntry>> _byClient = new(StringComparer.Ordinal);

    // Most recently seen first; the last node is the next to evict.
    private readonly LinkedList<ReplyEntry> _recency = new();
    private long _evicted;

    public ReplyTable(int maxClients)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClients, 1);
        MaxClients = maxClients;
    }

    /// <summary>The most clients remembered at once.</summary>
    public int MaxClients { get; }

    /// <summary>The entries held now: never more than <see cref="MaxClients"/>, and one per client.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byClient.Count;
            }
        }
    }

    /// <summary>How many clients' entries were evicted to stay within <see cref="MaxClients"/>.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>
    /// Runs <paramref name="run"/> for the call <paramref name="id"/> of <paramref name="method"/>, unless it is a retry of
    /// the client's last call, which is answered with that call's reply.
    /// </summary>
    /// <exception cref="RpcException">InvalidArgument for a malformed id or one reused for another method; Aborted for
    /// a retry older than the client's last call.</exception>
    public Task<object?> RunAsync(string method, RequestId id, Func<Task<object?>> run)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(run);
        Validate(id);
        ReplyEntry entry;
        lock (_lock)
        {
            if (_byClient.TryGetValue(id.ClientId, out var node))
            {
                var last = node.Value;
                if (id.Sequence == last.Sequence)
                {
                    if (!string.Equals(last.Method, method, StringComparison.Ordinal))
                    {
                        throw RpcException.InvalidArgument($"request {id.Sequence} of client {id.ClientId} was {last.Method}, not {method}: a request id names one call");
                    }

                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    return last.Reply.Task;
                }

                if (id.Sequence < last.Sequence)
                {
                    throw new RpcException(RpcStatusCode.Aborted, $"request {id.Sequence} of client {id.ClientId} is older than its last ({last.Sequence}); its reply is no longer kept and it is not run again");
                }

                _recency.Remove(node);
                _byClient.Remove(id.ClientId);
            }

            entry = new ReplyEntry(id.ClientId, method, id.Sequence);
            _byClient[id.ClientId] = _recency.AddFirst(entry);
            while (_byClient.Count > MaxClients)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _byClient.Remove(oldest.Value.ClientId);
                Interlocked.Increment(ref _evicted);
            }
        }

        _ = CompleteAsync(entry, run);
        return entry.Reply.Task;
    }

    private static void Validate(RequestId id)
    {
        if (string.IsNullOrEmpty(id.ClientId) || id.ClientId.Length > MaxClientIdLength)
        {
            throw RpcException.InvalidArgument($"a request id needs a client id of 1 to {MaxClientIdLength} characters");
        }

        if (id.Sequence < 1)
        {
            throw RpcException.InvalidArgument($"a request id's sequence number starts at 1, not {id.Sequence}");
        }
    }

    private async Task CompleteAsync(ReplyEntry entry, Func<Task<object?>> run)
    {
        try
        {
            // A handler may throw before it returns its task (argument checks): that is its reply too.
            entry.Reply.SetResult(await run().ConfigureAwait(false));
        }
        catch (Exception e)
        {
            if (e is OperationCanceledException or RpcException { Status: RpcStatusCode.ResourceExhausted or RpcStatusCode.Cancelled })
            {
                Forget(entry);
            }

            entry.Reply.SetException(e);
        }
    }

    private void Forget(ReplyEntry entry)
    {
        lock (_lock)
        {
            if (_byClient.TryGetValue(entry.ClientId, out var node) && ReferenceEquals(node.Value, entry))
            {
                _recency.Remove(node);
                _byClient.Remove(entry.ClientId);
            }
        }
    }
}
