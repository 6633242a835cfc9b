namespace RpcLab.Wire.Hpack;

/// <summary>
/// RFC 7541 section 4: the table one direction of a connection builds as it decodes, newest entry first, each
/// costing its name and value length plus 32 octets, the oldest evicted to stay within the maximum size.
/// One per direction: each encoder has its own, mirrored by the peer's decoder. Not thread-safe.
/// </summary>
public sealed class HpackDynamicTable(int maxSize = HpackDynamicTable.DefaultMaxSize)
{
    /// <summary>SETTINGS_HEADER_TABLE_SIZE's initial value.</summary>
    public const int DefaultMaxSize = 4096;

    private readonly List<(string Name, string Value)> _entries = [];

    public int MaxSize { get; private set; } = maxSize;

    /// <summary>The table's size in octets, as RFC 7541 counts it.</summary>
    public int Size { get; private set; }

    public int Count => _entries.Count;

    /// <summary>Entry <paramref name="index"/> of the dynamic table, 1 = newest (wire index minus 61).</summary>
    public (string Name, string Value) Get(int index) => _entries[index - 1];

    public void Add(string name, string value)
    {
        var size = EntrySize(name, value);
        Evict(MaxSize - size);
        if (size <= MaxSize)
        {
            // An entry larger than the table empties it and is not added (section 4.4).
            _entries.Insert(0, (name, value));
            Size += size;
        }
    }

    public void Resize(int maxSize)
    {
        MaxSize = maxSize;
        Evict(maxSize);
    }

    private static int EntrySize(string name, string value) =>
        System.Text.Encoding.UTF8.GetByteCount(name) + System.Text.Encoding.UTF8.GetByteCount(value) + 32;

    private void Evict(int until)
    {
        while (Size > Math.Max(until, 0) && _entries.Count > 0)
        {
            var last = _entries[^1];
            Size -= EntrySize(last.Name, last.Value);
            _entries.RemoveAt(_entries.Count - 1);
        }
    }
}
