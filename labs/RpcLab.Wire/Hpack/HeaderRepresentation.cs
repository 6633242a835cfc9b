namespace RpcLab.Wire.Hpack;

/// <summary>How a header field was encoded (RFC 7541 section 6): what the wire view tells a student about HPACK's choices.</summary>
public enum HeaderRepresentation
{
    /// <summary>6.1: the whole field is an index into the static or dynamic table (one byte for a common field).</summary>
    Indexed,

    /// <summary>6.2.1: a literal the decoder adds to its dynamic table, so the next request can send an index.</summary>
    LiteralWithIncrementalIndexing,

    /// <summary>6.2.2: a literal not added to the table (values that change every time).</summary>
    LiteralWithoutIndexing,

    /// <summary>6.2.3: a literal no intermediary may ever index (sensitive values).</summary>
    LiteralNeverIndexed,

    /// <summary>6.3: not a field: the encoder changes the dynamic table's maximum size.</summary>
    DynamicTableSizeUpdate,
}
