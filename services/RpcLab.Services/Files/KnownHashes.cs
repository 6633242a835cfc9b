using System.Collections.Concurrent;

namespace RpcLab.Services.Files;

/// <summary>
/// The SHA-256 of each stored file, remembered with the <see cref="FileStamp"/> of the version it was computed for,
/// so files.list reads no file whose stamp still matches. An upload computes the hash as the bytes arrive and
/// remembers it when it publishes, so a listed upload is never read again; a file put in the folder by hand, or
/// found at start, is hashed once, at the first list that sees it. Kept in memory only: after a restart each file is
/// hashed once more (and a file published while a list runs may be forgotten by it, and hashed once at the next).
/// Thread-safe.
/// </summary>
internal sealed class KnownHashes
{
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, string Sha256)> _byName = new(StringComparer.Ordinal);

    /// <summary>The hash remembered for <paramref name="name"/> if it was computed for this very <paramref name="stamp"/>, else null.</summary>
    public string? Find(string name, FileStamp stamp) =>
        _byName.TryGetValue(name, out var known) && known.Stamp == stamp ? known.Sha256 : null;

    public void Remember(string name, FileStamp stamp, string sha256) => _byName[name] = (stamp, sha256);

    public void Forget(string name) => _byName.TryRemove(name, out _);

    /// <summary>A rename keeps the file's stamp, so its hash follows it to the new name.</summary>
    public void Move(string name, string newName)
    {
        if (_byName.TryRemove(name, out var known))
        {
            _byName[newName] = known;
        }
    }

    /// <summary>Forgets every name not in <paramref name="present"/> (files deleted by hand), so the map stays as large as the folder.</summary>
    public void KeepOnly(IReadOnlySet<string> present)
    {
        foreach (var name in _byName.Keys)
        {
            if (!present.Contains(name))
            {
                _byName.TryRemove(name, out _);
            }
        }
    }
}
