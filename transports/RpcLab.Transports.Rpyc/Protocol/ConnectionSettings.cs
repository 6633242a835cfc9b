using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>How one side runs a connection; the server and the client differ only in these. Immutable.</summary>
internal sealed record ConnectionSettings
{
    /// <summary>What GETROOT answers.</summary>
    public required LocalObject Root { get; init; }

    /// <summary>Who the peer is, for logs: "127.0.0.1:53422".</summary>
    public required string Peer { get; init; }

    public int MaxMessageSize { get; init; } = RpcLimits.DefaultMaxMessageSize;

    public int MaxReferences { get; init; } = 10_000;

    /// <summary>
    /// True on the server: the peer's requests are served one at a time, in order, as rpyc's ThreadedServer serves
    /// a connection (an async_ upload is done before the show_files sent after it). False on the client, whose
    /// requests from the server (pulling a request stream) may wait on the caller and must not hold up each other.
    /// </summary>
    public bool Sequential { get; init; }

    /// <summary>The layout, when this side knows it (a client speaks 5.x); null lets the first message tell.</summary>
    public ProtocolVersion? Version { get; init; }

    /// <summary>Told what went wrong outside any call (a malformed frame closed the connection, a handler failed unexpectedly): a status and one line, values escaped.</summary>
    public Action<RpcStatusCode, string>? ProtocolLog { get; init; }

    /// <summary>The wire tap: every frame, as sent and as received.</summary>
    public Action<WireDirection, ReadOnlyMemory<byte>>? WireTap { get; init; }
}
