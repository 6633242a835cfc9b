namespace RpcLab.Transports.Raw.Cluster;

/// <summary>What an initialization did to one procedure on one server. Immutable.</summary>
public sealed record ProcedureChange(string Service, string Rpc, string[] Args, string[] Returns, string File, ChangeKind Change)
{
    /// <summary><c>service1.rpc1(int, str) -> str</c>.</summary>
    public string Describe() => $"{Service}.{Types.Signature.Describe(Rpc, Args, Returns)}";
}
