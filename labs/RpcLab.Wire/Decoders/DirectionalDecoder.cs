using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// A decoder whose two directions are framed alike and independently (HTTP/1.1, JSON-RPC, raw frames): it cuts the
/// client's stream, then the server's, one message at a time with <see cref="ReadMessage"/>, and joins what the
/// messages told. Protocols whose directions share state (HTTP/2's streams and paths, zeroRPC's types) implement
/// <see cref="IWireDecoder"/> themselves. Implementations keep no state between calls, so they are thread-safe.
/// </summary>
public abstract class DirectionalDecoder : IWireDecoder
{
    public abstract string Layers { get; }

    /// <summary>How values are typed on this wire, the same for every call (<see cref="WireFacts.Types"/>).</summary>
    protected abstract string Types { get; }

    public (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient)
    {
        var client = new WireReader(clientToServer);
        var server = new WireReader(serverToClient);
        var facts = Read(client, fromServer: false).Or(Read(server, fromServer: true)).Or(new WireFacts(Types: Types));
        return ([.. client.Messages, .. server.Messages], facts);
    }

    /// <summary>
    /// Takes the next message from <paramref name="reader"/> (Begin, Take its parts, End with <paramref name="isAnswer"/>),
    /// or the rest as undecoded when it cannot be framed; returns what it told about the call, or null to stop.
    /// </summary>
    /// <param name="reader">The direction, positioned at the message's first byte.</param>
    /// <param name="fromServer">True for the server's direction.</param>
    /// <param name="isAnswer">True for the server's first message: the answer starts with it.</param>
    protected abstract WireFacts? ReadMessage(WireReader reader, bool fromServer, bool isAnswer);

    private WireFacts Read(WireReader reader, bool fromServer)
    {
        var facts = new WireFacts();
        while (reader.Remaining > 0 && ReadMessage(reader, fromServer, fromServer && reader.Messages.Count == 0) is { } told)
        {
            facts = facts.Or(told);
        }

        return facts;
    }
}
