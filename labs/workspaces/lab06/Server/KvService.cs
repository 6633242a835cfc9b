namespace Lab6.Server;

/// <summary>
/// The key/value service, one instance for every connection; StreamJsonRpc calls its public methods by name (Get,
/// Put, Append, DedupTableSize). Each method runs under one lock, and every write is saved before it is answered,
/// so a server restarted after answering has not forgotten it. Thread-safe.
/// </summary>
public sealed class KvService(string? dataFile)
{
    private readonly Lock _lock = new();
    private readonly StoreState _state = StoreState.Load(dataFile);

    /// <summary>The value of <paramref name="key"/> and its version; ("", 0) when the key does not exist. Idempotent.</summary>
    public GetReply Get(string key)
    {
        lock (_lock)
        {
            return _state.Data.TryGetValue(key, out var stored) ? new GetReply(stored.Value, stored.Version) : new GetReply(string.Empty, 0);
        }
    }

    /// <summary>
    /// A conditional write: it happens only when <paramref name="version"/> is the key's version now (0 creates the
    /// key), and the key's version becomes version + 1. Not idempotent, but a repeat cannot write twice: the second
    /// finds a newer version and answers ErrVersion.
    /// </summary>
    public string Put(string key, string value, long version)
    {
        lock (_lock)
        {
            var current = _state.Data.TryGetValue(key, out var stored) ? stored.Version : 0;
            if (current == 0 && version > 0)
            {
                return PutResult.ErrNoKey;
            }

            if (current != version)
            {
                return PutResult.ErrVersion;
            }

            _state.Data[key] = new StoredValue(value, version + 1);
            _state.Save(dataFile);
            return PutResult.Ok;
        }
    }

    /// <summary>
    /// Adds <paramref name="token"/> at the end of <paramref name="key"/>'s value and answers the key's new version.
    /// Not idempotent: run twice, the token is there twice. <paramref name="clientId"/> and <paramref name="seq"/>
    /// name the request, so that a retry can be told from a new request.
    /// </summary>
    public long Append(string key, string token, long clientId, long seq)
    {
        lock (_lock)
        {
            // TODO 1: at most once. A clerk retries an Append whose reply it did not get, so the same (clientId, seq)
            // may arrive several times, and late, after this client's next Appends. Keep ONE entry per client in
            // _state.Clients (the highest seq applied and its reply): answer any seq at or below it with the recorded
            // reply without appending; otherwise append, then record it. The table is saved with the data below. A seq of
            // 0 names no request (a clerk that does not number its Appends): apply it every time, as now.
            var stored = _state.Data.TryGetValue(key, out var found) ? found : new StoredValue(string.Empty, 0);
            var next = new StoredValue(stored.Value + token, stored.Version + 1);
            _state.Data[key] = next;
            _state.Save(dataFile);
            return next.Version;
        }
    }

    /// <summary>How many entries the duplicate table holds now: the checker asks, and it must never exceed the number of clients.</summary>
    public int DedupTableSize()
    {
        lock (_lock)
        {
            return _state.Clients.Count;
        }
    }
}
