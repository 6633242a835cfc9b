using RpcLab.Network;

namespace RpcLab.Wire.Capture;

/// <summary>
/// One unit of a protocol as it crossed the socket (an HTTP/2 frame, a ZMTP message, a JSON-RPC message, the
/// connection preface), with its bytes split into <see cref="Parts"/> by layer.
/// </summary>
/// <param name="Connection">The relayed connection it travelled on.</param>
/// <param name="Direction">Which way.</param>
/// <param name="At">When the relay read its first byte.</param>
/// <param name="Offset">Where it starts in its direction's byte stream.</param>
/// <param name="Title">One line: what it is ("HEADERS stream 1 [END_HEADERS]").</param>
/// <param name="Parts">Its bytes, layer by layer.</param>
/// <param name="IsAnswer">True for the message that starts the answer to the call (the summary's round trips count up to it).</param>
public sealed record WireMessage(int Connection, RelayDirection Direction, TimeSpan At, long Offset, string Title, IReadOnlyList<WirePart> Parts, bool IsAnswer = false)
{
    public int Length => Parts.Sum(p => p.Bytes.Length);
}
