namespace RpcLab.Network.Faults;

/// <summary>What the fault proxy did to the traffic: the kinds of <see cref="FaultEvent"/> and of <see cref="ScriptedFault"/>.</summary>
public enum FaultKind
{
    /// <summary>A request never reached the server: dropped alone (framed), or the connection closed before its first byte (unframed).</summary>
    RequestLost,

    /// <summary>A reply never reached the client: dropped alone (framed), or the server's answer swallowed and the connection reset (unframed).</summary>
    ReplyLost,

    /// <summary>The connection was reset (RST both ways) before a request was forwarded.</summary>
    Reset,

    /// <summary>The connection went silent for good, both ways, and stays open: a peer that died without closing.</summary>
    HalfOpen,

    /// <summary>Nothing crossed, on any connection, for a while; then everything held crossed.</summary>
    Partition,

    /// <summary>The partition healed.</summary>
    Heal,

    /// <summary>A message (or chunk) was held back longer than the latency: a long delay that reorders framed messages.</summary>
    Delay,

    /// <summary>A framed message was delivered twice.</summary>
    Duplicate,

    /// <summary>A direction passed its byte limit and the connection was closed.</summary>
    LimitData,

    /// <summary>A message did not fit the framing or the proxy's limits and the connection was closed.</summary>
    BadFrame,
}
