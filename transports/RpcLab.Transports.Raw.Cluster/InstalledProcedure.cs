namespace RpcLab.Transports.Raw.Cluster;

/// <summary>A procedure a server has (<c>$cluster.status</c>): what the initializer compares hashes against. Immutable.</summary>
public sealed record InstalledProcedure(string Service, string Rpc, string[] Args, string[] Returns, string File, string Sha256)
{
    /// <summary>service, rpc and argument types: what identifies an overload.</summary>
    public string Key => ProcedureKey(Service, Rpc, Args);

    public static string ProcedureKey(string service, string rpc, IEnumerable<string> args) => $"{service}.{rpc}({string.Join(", ", args)})";
}
