namespace RpcLab.Transports.Raw.Cluster;

/// <summary>A service in a <see cref="ClusterPlan"/>. Immutable.</summary>
public sealed record PlannedService(string Name, string[] Tenants, PlannedProcedure[] Procedures);
