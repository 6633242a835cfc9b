namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// The event names and header keys of zeroRPC protocol v3 (as zerorpc-python speaks it), and RpcLab's
/// two extensions: <see cref="Cancel"/> and the <see cref="RequestStreamKey"/> header. Constants only.
/// </summary>
internal static class EventNames
{
    /// <summary>A unary reply: args <c>[result]</c>.</summary>
    public const string Ok = "OK";

    /// <summary>A failure: args <c>[name, human message, traceback]</c>.</summary>
    public const string Error = "ERR";

    /// <summary>One item of a stream: args is the bare item.</summary>
    public const string Stream = "STREAM";

    /// <summary>The end of a stream: args nil.</summary>
    public const string StreamDone = "STREAM_DONE";

    /// <summary>A heartbeat on a channel: args <c>[0]</c>, every heartbeat interval, both ways.</summary>
    public const string Heartbeat = "_zpc_hb";

    /// <summary>Flow control: args <c>[n]</c>, n more events the sender of this may receive.</summary>
    public const string More = "_zpc_more";

    /// <summary>
    /// RpcLab's extension: the caller gave up on the channel (args <c>[status name]</c>, Cancelled or
    /// DeadlineExceeded), so the server cancels the handler now instead of when heartbeats stop.
    /// zerorpc-python queues it unread on the channel, which is harmless.
    /// </summary>
    public const string Cancel = "_zpc_cancel";

    public const string MessageIdKey = "message_id";

    public const string VersionKey = "v";

    public const string ResponseToKey = "response_to";

    /// <summary>
    /// RpcLab's extension, a request header: <c>true</c> says the caller streams its request as
    /// STREAM events on the same channel, ended by STREAM_DONE (client streaming and bidirectional calls).
    /// </summary>
    public const string RequestStreamKey = "request_stream";

    /// <summary>The protocol version we speak and send.</summary>
    public const int Version = 3;

    /// <summary>The ERR name of an unknown method, as zerorpc-python names it.</summary>
    public const string NameError = "NameError";

    /// <summary>True for the events that end a channel from the server's side.</summary>
    public static bool IsFinal(string name) => name is Ok or Error or StreamDone;
}
