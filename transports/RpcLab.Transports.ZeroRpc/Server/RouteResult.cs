namespace RpcLab.Transports.ZeroRpc.Server;

/// <summary>What became of an event handed to the ROUTER socket (it sets ROUTER_MANDATORY, so it says).</summary>
internal enum RouteResult
{
    /// <summary>ZeroMQ took it.</summary>
    Sent,

    /// <summary>The peer's pipe is at its high-water mark: not taken, try again later.</summary>
    Full,

    /// <summary>No such peer any more: its connection is gone.</summary>
    Gone,
}
