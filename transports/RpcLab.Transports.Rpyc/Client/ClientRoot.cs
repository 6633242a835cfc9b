using RpcLab.Transports.Rpyc.Objects;

namespace RpcLab.Transports.Rpyc.Client;

/// <summary>Our client's root, for a server that asks (GETROOT): like rpyc's VoidService, it exposes nothing.</summary>
internal sealed class ClientRoot : LocalObject
{
    public override string TypeName => "rpclab.RpcLabClient";
}
