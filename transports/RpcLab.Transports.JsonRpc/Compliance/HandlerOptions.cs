using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc.Framing;

namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>What one connection's <see cref="SpecComplianceHandler"/> enforces and reports. Immutable.</summary>
/// <param name="Framer">Content-Length or newline framing.</param>
/// <param name="MaxMessageSize">The largest frame read or written, in bytes.</param>
/// <param name="MaxConcurrentRequests">The most requests of the peer in flight at once (replies waiting to be written included).</param>
/// <param name="MaxBatchSize">The most entries in one batch.</param>
/// <param name="HalfCloseGrace">How long requests may still reply after the peer ended its side.</param>
/// <param name="Peer">The peer's address, for the call log.</param>
/// <param name="CallLog">Told of every call of the peer once it is answered or refused (servers); null on clients.</param>
/// <param name="WireTap">Told the bytes of every frame sent and received; null costs nothing.</param>
/// <param name="Clock">Told where each frame starts and ends, for the server's message and idle timeouts; null on clients.</param>
internal sealed record HandlerOptions(
    IMessageFramer Framer,
    int MaxMessageSize,
    int MaxConcurrentRequests,
    int MaxBatchSize,
    TimeSpan HalfCloseGrace,
    string? Peer,
    Action<CallRecord>? CallLog,
    Action<WireDirection, ReadOnlyMemory<byte>>? WireTap,
    ConnectionClock? Clock = null);
