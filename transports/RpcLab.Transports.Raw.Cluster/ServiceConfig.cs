namespace RpcLab.Transports.Raw.Cluster;

/// <summary>A service of init.yaml: the servers that provide it, the clients allowed to use it, its procedures (overloads included). Immutable.</summary>
public sealed record ServiceConfig(string Name, IReadOnlyList<string> Providers, IReadOnlyList<string> Tenants, IReadOnlyList<ProcedureConfig> Procedures);
