namespace RpcLab.Wire.Hpack;

/// <summary>
/// One entry of a decoded header block, with how it was encoded and where its bytes are, so the wire view can
/// show each field beside its own bytes.
/// </summary>
/// <param name="Name">The field name (empty for a <see cref="HeaderRepresentation.DynamicTableSizeUpdate"/>).</param>
/// <param name="Value">The value (for a size update, the new maximum size).</param>
/// <param name="Representation">How it was encoded.</param>
/// <param name="Index">The table index used for the whole field or its name; null for a new name.</param>
/// <param name="NameHuffman">True when the literal name was Huffman-coded.</param>
/// <param name="ValueHuffman">True when the literal value was Huffman-coded.</param>
/// <param name="Offset">Where the field starts in the header block.</param>
/// <param name="Length">How many bytes of the block it takes.</param>
public sealed record HeaderField(string Name, string Value, HeaderRepresentation Representation, int? Index, bool NameHuffman, bool ValueHuffman, int Offset, int Length)
{
    /// <summary>A short description of the encoding: "indexed 3 (static)", "literal, incremental indexing, name 4 (static), value Huffman".</summary>
    public string Describe()
    {
        var table = Index is { } i ? $"{i} ({(i <= HpackStaticTable.Count ? "static" : "dynamic")})" : null;
        if (Representation == HeaderRepresentation.Indexed)
        {
            return $"indexed {table}";
        }

        if (Representation == HeaderRepresentation.DynamicTableSizeUpdate)
        {
            return "dynamic table size update";
        }

        var kind = Representation switch
        {
            HeaderRepresentation.LiteralWithIncrementalIndexing => "literal, incremental indexing",
            HeaderRepresentation.LiteralNeverIndexed => "literal, never indexed",
            _ => "literal, without indexing",
        };
        var name = table is null ? $"new name{(NameHuffman ? " Huffman" : "")}" : $"name {table}";
        return $"{kind}, {name}, value{(ValueHuffman ? " Huffman" : " raw")}";
    }
}
