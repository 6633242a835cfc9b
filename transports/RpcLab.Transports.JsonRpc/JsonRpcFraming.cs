namespace RpcLab.Transports.JsonRpc;

/// <summary>How JSON-RPC messages are delimited on the TCP stream.</summary>
public enum JsonRpcFraming
{
    /// <summary><c>Content-Length: N\r\n\r\n</c> + body: the default of vscode-jsonrpc, StreamJsonRpc and LSP.</summary>
    ContentLength,

    /// <summary>One JSON message per line, for <c>nc</c> and other line-oriented tools.</summary>
    Newline,
}
