namespace RpcLab.Transports.ZeroRpc;

/// <summary>What zeroRPC itself leaves to the implementation, with zerorpc-python's values as defaults. Immutable.</summary>
public sealed record ZeroRpcOptions
{
    public static readonly ZeroRpcOptions Default = new();

    /// <summary>
    /// How often each side heartbeats each open channel (5 s, the reference's); a side that hears nothing on a
    /// channel for two intervals gives the other up: the server cancels the handler, the client fails the call
    /// Unavailable. Both ends should agree (tests shorten it).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Server: the most calls one client may have in progress; more are refused ResourceExhausted, so a flood from one peer cannot starve the others.</summary>
    public int MaxCallsPerPeer { get; init; } = 100;

    /// <summary>
    /// Server: the most events ZeroMQ queues for one peer (the ROUTER's ZMQ_SNDHWM; ZeroMQ's default is 1,000). ZeroMQ
    /// counts events, not bytes, so this bounds the library's own buffering (64 download chunks: 4 MiB); the server's
    /// byte budget (ServerOptions.MaxQueuedBytes) bounds what waits beyond it. At the mark a ROUTER drops events, or
    /// refuses them with ROUTER_MANDATORY, which the server sets: refused events wait, and handlers pause, instead.
    /// </summary>
    public int SendHighWatermark { get; init; } = 64;

    /// <summary>Client: how long a call waits for a connection to the server before it fails Unavailable (a refused connection fails it at once).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Server: start a unary handler whose request is small (args up to 1 KiB) on the socket's thread, where it runs
    /// until it first waits; most finish without waiting and their reply leaves at once, two thread hand-overs fewer
    /// per call. Off, every handler starts on the thread pool. The socket is held only while a handler runs without
    /// waiting, and only requests this small qualify, so a long computation still cannot stall the socket for long.
    /// </summary>
    public bool InlineSmallCalls { get; init; } = true;

    /// <summary>
    /// Client: the caller continues from a reply on the socket's thread, until it first waits, instead of on the
    /// thread pool, and a call it then starts leaves from there at once: two thread hand-overs fewer per call
    /// (a one-caller echo.reverse about a quarter faster). Off by default because the socket's thread then runs the
    /// caller's code: a caller that blocks there (waiting synchronously for another call of this client) stops the
    /// thread that would read that call's reply, and hangs until its deadline; one that computes there delays every
    /// other call's replies and the heartbeats. Turn it on only for callers that await and do little between calls.
    /// </summary>
    public bool InlineReplies { get; init; }

    /// <summary>Server: what <c>_zerorpc_name</c> and <c>_zerorpc_ping</c> answer.</summary>
    public string ServerName { get; init; } = "rpclab";
}
