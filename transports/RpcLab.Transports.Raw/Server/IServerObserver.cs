namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// What a raw server tells about itself, for a log: connections, the client names they present, finished calls,
/// and messages it refused. Called on the server's I/O threads, concurrently: implementations are thread-safe and quick.
/// </summary>
public interface IServerObserver
{
    /// <summary>A connection was accepted from <paramref name="peer"/> (address:port).</summary>
    void ConnectionOpened(string peer);

    /// <summary>The first request of a connection, or one naming another client, presented <paramref name="client"/>.</summary>
    void ClientPresented(string peer, string client);

    /// <summary>A call finished, successfully or not.</summary>
    void CallFinished(RawCallRecord call);

    /// <summary>A frame was refused as not a message of the protocol (the connection goes on).</summary>
    void ProtocolError(string peer, string message);

    /// <summary>The connection ended; <paramref name="reason"/> says why when it was not an orderly close.</summary>
    void ConnectionClosed(string peer, string? reason);
}
