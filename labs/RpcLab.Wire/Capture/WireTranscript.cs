using RpcLab.Network;
using RpcLab.Wire.Decoders;

namespace RpcLab.Wire.Capture;

/// <summary>
/// One call's capture decoded: the chunks as the relay read them, the messages of every connection in time
/// order, the facts, and the summary figures of <c>rpclab wire --transport all</c>. Immutable.
/// </summary>
public sealed record WireTranscript(string Transport, string Layers, IReadOnlyList<RelayChunk> Chunks, IReadOnlyList<WireMessage> Messages, WireFacts Facts)
{
    /// <summary>Decodes <paramref name="chunks"/> (any order) with the decoder <see cref="WireDecoders"/> has for <paramref name="transport"/>.</summary>
    public static WireTranscript Decode(string transport, IReadOnlyList<RelayChunk> chunks)
    {
        var decoder = WireDecoders.For(transport);
        var ordered = chunks.OrderBy(c => c.At).ToList();
        var messages = new List<WireMessage>();
        var facts = new WireFacts();
        foreach (var connection in ordered.Select(c => c.Connection).Distinct().Order())
        {
            var (decoded, found) = decoder.Decode(
                new DirectionStream(connection, RelayDirection.ClientToServer, ordered),
                new DirectionStream(connection, RelayDirection.ServerToClient, ordered));
            messages.AddRange(decoded);
            facts = facts.Or(found);
        }

        return new WireTranscript(transport, decoder.Layers, ordered, [.. messages.OrderBy(m => m.At).ThenBy(m => m.Connection)], facts);
    }

    /// <summary>The bytes that went one way, all connections.</summary>
    public long Bytes(RelayDirection direction) => Chunks.Where(c => c.Direction == direction).Sum(c => (long)c.Data.Length);

    /// <summary>The messages (frames, events, ...) that went one way.</summary>
    public int Count(RelayDirection direction) => Messages.Count(m => m.Direction == direction);

    /// <summary>How many TCP connections the call used.</summary>
    public int Connections => Chunks.Select(c => c.Connection).Distinct().Count();

    /// <summary>
    /// The round trips before the answer's first byte arrived: how often the client sent and then heard from the
    /// server, counting the turn that brought the answer (1 when the request went out and the answer came back).
    /// Null when no answer was seen.
    /// </summary>
    public int? RoundTripsBeforeAnswer()
    {
        var answer = Messages.FirstOrDefault(m => m.IsAnswer);
        if (answer is null)
        {
            return null;
        }

        var trips = 0;
        var clientSpoke = false;
        long received = 0;
        foreach (var chunk in Chunks.Where(c => c.Connection == answer.Connection && !c.IsEnd))
        {
            if (chunk.Direction == RelayDirection.ClientToServer)
            {
                clientSpoke = true;
                continue;
            }

            if (clientSpoke)
            {
                trips++;
                clientSpoke = false;
            }

            received += chunk.Data.Length;
            if (received > answer.Offset)
            {
                break;
            }
        }

        return trips;
    }
}
