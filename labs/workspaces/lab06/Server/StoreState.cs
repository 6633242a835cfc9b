using System.Text.Json;

namespace Lab6.Server;

/// <summary>
/// Everything the server must remember across a restart: the keys and the duplicate table. Saved to a file after
/// every write (written beside it, then renamed over it, so a crash never leaves half a file). Not thread-safe:
/// <see cref="KvService"/> holds its lock around every use.
/// </summary>
public sealed class StoreState
{
    public Dictionary<string, StoredValue> Data { get; init; } = [];

    /// <summary>The duplicate table: one entry per client id, never one per request.</summary>
    public Dictionary<long, LastAppend> Clients { get; init; } = [];

    public static StoreState Load(string? path) =>
        path is not null && File.Exists(path) ? JsonSerializer.Deserialize<StoreState>(File.ReadAllText(path)) ?? new StoreState() : new StoreState();

    public void Save(string? path)
    {
        if (path is null)
        {
            return;
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this));
        File.Move(temporary, path, overwrite: true);
    }
}
