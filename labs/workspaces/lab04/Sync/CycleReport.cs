namespace Lab4.Sync;

/// <summary>What one cycle did, for mysync's line per cycle.</summary>
public sealed class CycleReport
{
    public List<string> Uploaded { get; } = [];

    public List<string> Deleted { get; } = [];

    public List<string> Unchanged { get; } = [];

    /// <summary>Files still changing (or new): looked at again next cycle.</summary>
    public List<string> Waiting { get; } = [];

    public override string ToString() =>
        $"uploaded {Uploaded.Count}{Names(Uploaded)}, deleted {Deleted.Count}{Names(Deleted)}, unchanged {Unchanged.Count}, waiting {Waiting.Count}{Names(Waiting)}";

    private static string Names(List<string> names) => names.Count > 0 ? $" ({string.Join(", ", names)})" : "";
}
