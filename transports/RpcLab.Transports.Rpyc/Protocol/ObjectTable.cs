using RpcLab.Transports.Rpyc.Objects;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// The objects one connection has handed to its peer, with rpyc's reference counts: each time an object is sent
/// its count grows by one, the peer's DEL takes its count back, and at zero the object is forgotten (a stream's
/// handler is then stopped). An object keeps its id while it is held, so the peer's proxy cache matches; ids are
/// never reused. At most <c>maxObjects</c> are held per connection: a peer that never sends DEL cannot grow the
/// server's memory without bound. Thread-safe.
/// </summary>
internal sealed class ObjectTable(int maxObjects)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, (LocalObject Object, long Count)> _byId = [];
    private readonly Dictionary<LocalObject, long> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, long> _classIds = new(StringComparer.Ordinal);
    private long _lastId;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Counts one more reference to <paramref name="obj"/> and returns its id pack.</summary>
    public IdPack Add(LocalObject obj)
    {
        lock (_lock)
        {
            if (!_ids.TryGetValue(obj, out var id))
            {
                if (_byId.Count >= maxObjects)
                {
                    throw PyError.Overflow($"this connection already holds {maxObjects} references, the most the server keeps for one connection; release some (del) first");
                }

                id = ++_lastId;
                _ids[obj] = id;
                _byId[id] = (obj, 0);
            }

            _byId[id] = (obj, _byId[id].Count + 1);
            if (!_classIds.TryGetValue(obj.TypeName, out var classId))
            {
                classId = _classIds.Count + 1;
                _classIds[obj.TypeName] = classId;
            }

            return new IdPack(obj.TypeName, classId, id);
        }
    }

    /// <summary>The id <paramref name="obj"/> is held under, or null when it is not held.</summary>
    public long? IdOf(LocalObject obj)
    {
        lock (_lock)
        {
            return _ids.TryGetValue(obj, out var id) ? id : null;
        }
    }

    public LocalObject Get(object? instanceId)
    {
        lock (_lock)
        {
            return instanceId is long id && _byId.TryGetValue(id, out var entry)
                ? entry.Object
                : throw PyError.Key($"no object {instanceId} on this connection (released already?)");
        }
    }

    /// <summary>The peer's DEL: <paramref name="count"/> references given back.</summary>
    public void Release(object? instanceId, long count)
    {
        LocalObject? released = null;
        lock (_lock)
        {
            if (instanceId is long id && _byId.TryGetValue(id, out var entry))
            {
                var left = entry.Count - Math.Max(count, 1);
                if (left > 0)
                {
                    _byId[id] = (entry.Object, left);
                }
                else
                {
                    _byId.Remove(id);
                    _ids.Remove(entry.Object);
                    released = entry.Object;
                }
            }
        }

        released?.Released();
    }

    /// <summary>Forgets everything (the connection ended) and tells each object.</summary>
    public void Clear()
    {
        LocalObject[] all;
        lock (_lock)
        {
            all = [.. _ids.Keys];
            _byId.Clear();
            _ids.Clear();
        }

        foreach (var obj in all)
        {
            obj.Released();
        }
    }
}
