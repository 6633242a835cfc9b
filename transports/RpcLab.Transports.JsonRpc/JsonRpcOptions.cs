using RpcLab.Transports.JsonRpc.Framing;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// The options specific to the JSON-RPC transport (the general ones, such as the message size limit and the
/// client's wire tap, are in ServerOptions and ClientOptions). Immutable and thread-safe.
/// </summary>
public sealed record JsonRpcOptions
{
    public static readonly JsonRpcOptions Default = new();

    /// <summary>The framing the server accepts and the client speaks. Both ends must agree.</summary>
    public JsonRpcFraming Framing { get; init; } = JsonRpcFraming.ContentLength;

    /// <summary>
    /// The most requests one connection may have in flight, counting those whose replies wait to be written (not
    /// the one being written: its peer may already have it); one more gets a ResourceExhausted error at once, never a wait. Open result streams are bounded by the
    /// same number.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = 64;

    /// <summary>
    /// The most entries one batch may hold. A larger batch runs nothing and gets one ResourceExhausted error
    /// (id null): a frame of tiny entries would otherwise start a call and build a reply entry for each.
    /// </summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>
    /// How long requests already received may still run, and reply, after the peer ends its side of the
    /// connection. A client that sends and then shuts down its writing half (<c>nc -N</c>, <c>nc -q 1</c>,
    /// scripts) still reads the replies; a peer that is really gone looks the same on the wire, so what is
    /// still running after this grace is cancelled.
    /// </summary>
    public TimeSpan HalfCloseGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Also serve the methods the JSON-RPC 2.0 specification's examples use (subtract, sum, update, ...).</summary>
    public bool ServeSpecExamples { get; init; } = true;

    internal IMessageFramer Framer => Framing switch
    {
        JsonRpcFraming.Newline => NewlineFramer.Instance,
        _ => ContentLengthFramer.Instance,
    };
}
