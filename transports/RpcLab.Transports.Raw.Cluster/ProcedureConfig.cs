namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One signature of an rpc in init.yaml: <c>service1.rpc1 (int, str) -> (str)</c> and the C# file that implements it,
/// as written (<see cref="Source"/>, relative to init.yaml) and resolved (<see cref="SourcePath"/>). Immutable.
/// </summary>
public sealed record ProcedureConfig(string Service, string Rpc, IReadOnlyList<string> Args, IReadOnlyList<string> Returns, string Source, string SourcePath)
{
    /// <summary><c>service1.rpc1(int, str) -> str</c>.</summary>
    public string Describe() => $"{Service}.{Types.Signature.Describe(Rpc, Args, Returns)}";
}
