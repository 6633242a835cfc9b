using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Server;

namespace RpcLab.Transports.Rpyc;

/// <summary>One of the original RPyC course project's services, as <c>rpclab serve --original NAME</c> offers it: its name, its original port, what it is, and the root object that serves it.</summary>
public sealed record OriginalContract(string Name, int Port, string Description)
{
    internal Func<ServerContext, LocalObject> CreateRoot { get; init; } = null!;
}
