namespace RpcLab.Network;

/// <summary>
/// One read from a socket of a <see cref="TcpRelay"/>, exactly as TCP delivered it: the relay forwards these bytes
/// unchanged, so an observer sees what crossed the wire. Chunk boundaries are where the OS happened to split the
/// stream, not message boundaries; a decoder joins the chunks of one direction before framing them.
/// </summary>
/// <param name="Connection">The relayed connection, numbered from 1 in the order the relay accepted them.</param>
/// <param name="Direction">Which way the bytes travel.</param>
/// <param name="At">When the relay read them, since the relay started (one clock for every connection and direction, so chunks order across them).</param>
/// <param name="Data">The bytes; empty marks the end of the stream in that direction (the sender shut down or closed).</param>
public sealed record RelayChunk(int Connection, RelayDirection Direction, TimeSpan At, ReadOnlyMemory<byte> Data)
{
    /// <summary>True for the chunk that marks the end of the stream in <see cref="Direction"/>.</summary>
    public bool IsEnd => Data.IsEmpty;
}
