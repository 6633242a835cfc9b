using System.Net.Sockets;

namespace RpcLab.Network;

/// <summary>How a <see cref="TcpRelay"/> listens and what it tells about the bytes it forwards.</summary>
public sealed record TcpRelayOptions
{
    /// <summary>Where the relay listens; loopback, so the tap is not a door into the machine.</summary>
    public string ListenHost { get; init; } = "127.0.0.1";

    /// <summary>0 lets the OS choose (the relay's port is then <see cref="TcpRelay.Port"/>).</summary>
    public int ListenPort { get; init; }

    /// <summary>
    /// Told every chunk read from the client, before it is forwarded, then the end of that stream. Called on the
    /// direction's pump thread, in order; keep it quick (it delays the bytes it observes).
    /// </summary>
    public Action<RelayChunk>? OnClientToServer { get; init; }

    /// <summary>Told every chunk read from the server, as <see cref="OnClientToServer"/> is for the other direction.</summary>
    public Action<RelayChunk>? OnServerToClient { get; init; }

    /// <summary>
    /// Told when the relay could not connect to the server for a client's connection (refused, unreachable); the
    /// client then sees its connection close, which most clients report vaguely, so a tap says why.
    /// </summary>
    public Action<int, SocketException>? OnUpstreamFailed { get; init; }

    /// <summary>Stages for bytes going to the server, in order (none: forward unchanged). See <see cref="IRelayStage"/>.</summary>
    public IReadOnlyList<IRelayStage> ClientToServerStages { get; init; } = [];

    /// <summary>Stages for bytes going to the client, in order (none: forward unchanged).</summary>
    public IReadOnlyList<IRelayStage> ServerToClientStages { get; init; } = [];

    /// <summary>
    /// Stages made for each connection, per direction, after the shared ones (null or an empty list: none): a stage that
    /// keeps state for its connection (what it delays, how many messages it saw) or ends it (<see cref="RelayLink"/>).
    /// Called on the connection's own task before its first byte is read.
    /// </summary>
    public Func<RelayLink, RelayDirection, IReadOnlyList<IRelayStage>>? ConnectionStages { get; init; }

    /// <summary>The most connections relayed at once; one more is closed as soon as it is accepted.</summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>The most connections relayed at once from one address.</summary>
    public int MaxConnectionsPerPeer { get; init; } = 100;

    /// <summary>The size of each read; a chunk is at most this long.</summary>
    public int BufferSize { get; init; } = 64 * 1024;
}
