using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>For a transport no decoder knows: each direction's bytes as one block, so the wire view still shows what crossed.</summary>
public sealed class OpaqueDecoder : IWireDecoder
{
    public string Layers => "TCP (no decoder for this protocol)";

    public (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient)
    {
        var client = new WireReader(clientToServer);
        var server = new WireReader(serverToClient);
        client.TakeRest("no decoder for this protocol");
        server.TakeRest("no decoder for this protocol");
        return ([.. client.Messages, .. server.Messages], new WireFacts());
    }
}
