namespace RpcLab.Wire.Hpack;

/// <summary>A header block that does not follow RFC 7541 (a bad index, a truncated integer or string, bad Huffman padding).</summary>
public sealed class HpackException(string message) : Exception(message);
