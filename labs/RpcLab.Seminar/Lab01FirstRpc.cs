namespace RpcLab.Seminar;

/// <summary>Lab 1: an IDL, a server, a client stub, and one call of each kind over gRPC.</summary>
public sealed class Lab01FirstRpc : ILab
{
    public int Number => 1;

    public string Title => "Your first RPC";

    public string Transport => "grpc";

    public string SheetFile => "lab01-first-rpc.md";
}
