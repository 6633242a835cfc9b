namespace RpcLab.Network.Faults;

/// <summary>How the fault proxy finds one message in a byte stream (<see cref="FaultPlan.Framing"/>).</summary>
public enum MessageFraming
{
    /// <summary>
    /// No framing: the proxy sees bytes. A request is a burst of client bytes after the server spoke (or the first on a
    /// connection), its reply the server's bytes after it. A lost request or reply ends the connection (TCP cannot lose
    /// bytes and go on), and nothing can be duplicated or reordered. Works under every transport, HTTP/2 and ZMTP too.
    /// </summary>
    None,

    /// <summary>The raw-socket transport's frames: a 4-byte big-endian length, then that many bytes.</summary>
    Raw,

    /// <summary>JSON-RPC's header framing: <c>Content-Length: N</c> and other header lines, a blank line, N bytes.</summary>
    ContentLength,

    /// <summary>One message per line, ended by <c>\n</c> (JSON-RPC's newline framing).</summary>
    Newline,
}
