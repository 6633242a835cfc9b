namespace RpcLab.Network;

/// <summary>Which way bytes travel through a <see cref="TcpRelay"/>: named by the roles, since "in" and "out" depend on where one stands.</summary>
public enum RelayDirection
{
    /// <summary>From the client that connected to the relay, towards the server (upstream).</summary>
    ClientToServer,

    /// <summary>From the server back to the client (downstream).</summary>
    ServerToClient,
}
