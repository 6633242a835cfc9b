namespace RpcLab.Wire.Render;

/// <summary>How <c>rpclab wire</c> prints: for a terminal, for a lab report, or for a program.</summary>
public enum WireFormat
{
    /// <summary>Hex and ASCII beside each part's notes, for a terminal.</summary>
    Text,

    /// <summary>The same inside Markdown headings and code blocks, and the summary as a Markdown table.</summary>
    Markdown,

    /// <summary>One JSON document: messages, parts (hex), notes, summary.</summary>
    Json,
}
