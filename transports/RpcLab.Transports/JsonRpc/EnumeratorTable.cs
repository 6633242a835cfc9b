using System.Collections.Concurrent;
using System.Text.Json;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// The producer side of StreamJsonRpc's async-enumerable protocol on one connection: the sequences this
/// end has sent as tokens, each answering <c>$/enumerator/next</c> with one value at a time (StreamJsonRpc's
/// default batch of one, no read-ahead) until <c>$/enumerator/dispose</c>, a cancelled request or the end of
/// the connection. Thread-safe; the requests for one token are served one after another.
/// </summary>
internal sealed class EnumeratorTable(int limit, CancellationToken connectionLifetime)
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private long _nextToken;

    public int Count => _entries.Count;

    /// <summary>
    /// Registers a sequence and returns its token. <paramref name="source"/> is called at once with a token
    /// that fires when the sequence is disposed, cancelled or the connection ends, so a method that refuses
    /// its arguments before its stream starts throws here, into the reply to the call; the sequence itself is
    /// enumerated from the first <c>next</c>.
    /// </summary>
    public long Register(Func<CancellationToken, IAsyncEnumerable<object?>> source, CancellationToken callToken = default)
    {
        if (_entries.Count >= limit)
        {
            throw RpcException.ResourceExhausted($"too many open streams on this connection (limit {limit})");
        }

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(connectionLifetime, callToken);
        IAsyncEnumerable<object?> sequence;
        try
        {
            sequence = source(cancellation.Token);
        }
        catch
        {
            cancellation.Dispose();
            throw;
        }

        var token = Interlocked.Increment(ref _nextToken);
        _entries[token] = new Entry(sequence, cancellation);
        return token;
    }

    /// <summary>Answers <c>$/enumerator/next</c>. An unknown token is error -32001, as in StreamJsonRpc.</summary>
    public async Task<EnumeratorPage> NextAsync(JsonElement token, CancellationToken requestToken)
    {
        var entry = Find(token);
        var key = token.GetInt64();

        // Cancelling a request for values abandons the sequence: the producer's token fires.
        using var link = requestToken.Register(static e => ((Entry)e!).Cancel(), entry);
        await entry.Gate.WaitAsync(entry.Token).ConfigureAwait(false);
        try
        {
            if (entry.Finished)
            {
                return new EnumeratorPage([], true);
            }

            entry.Enumerator ??= entry.Sequence.GetAsyncEnumerator(entry.Token);
            if (await entry.Enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                return new EnumeratorPage([entry.Enumerator.Current], false);
            }

            entry.Finished = true;
            return new EnumeratorPage([], true);
        }
        catch
        {
            // A failed sequence cannot continue; its error goes to the consumer as the reply.
            // (Release's disposal waits for the gate, which the finally below opens.)
            Release(key);
            throw;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Answers <c>$/enumerator/dispose</c>; unknown tokens are ignored (the sequence may have ended already).</summary>
    public void Dispose(JsonElement token)
    {
        if (token.ValueKind == JsonValueKind.Number && token.TryGetInt64(out var key))
        {
            Release(key);
        }
    }

    /// <summary>Stops the sequence and frees it, in the background (disposal waits for a running MoveNext to end).</summary>
    public void Release(long token)
    {
        if (_entries.TryRemove(token, out var entry))
        {
            entry.Cancel();
            _ = entry.DisposeAsync();
        }
    }

    public void ReleaseAll()
    {
        foreach (var token in _entries.Keys)
        {
            Release(token);
        }
    }

    private Entry Find(JsonElement token)
    {
        if (token.ValueKind == JsonValueKind.Number && token.TryGetInt64(out var key) && _entries.TryGetValue(key, out var entry))
        {
            return entry;
        }

        throw new JsonRpcErrorException(new JsonRpcError(JsonRpcErrorCodes.NoSuchEnumerator, $"no enumerator with token {token.GetRawText()} (never issued, finished with an error, or disposed)"));
    }

    private sealed class Entry(IAsyncEnumerable<object?> sequence, CancellationTokenSource cancellation)
    {
        public IAsyncEnumerable<object?> Sequence { get; } = sequence;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CancellationToken Token { get; } = cancellation.Token;

        public IAsyncEnumerator<object?>? Enumerator { get; set; }

        public bool Finished { get; set; }

        public void Cancel()
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public async Task DisposeAsync()
        {
            try
            {
                // Wait for a MoveNext in progress: an async iterator cannot be disposed while it runs.
                await Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                if (Enumerator is not null)
                {
                    await Enumerator.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                // The consumer has gone; a failure while cleaning up has no one to report to.
            }
            finally
            {
                cancellation.Dispose();
            }
        }
    }
}
