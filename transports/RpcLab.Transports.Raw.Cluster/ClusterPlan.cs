namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// What the initializer asks one server to serve (<c>$cluster.apply</c>): every service it provides with its
/// tenants and procedures. The whole table: whatever the server has that is not in it goes away. Immutable.
/// </summary>
public sealed record ClusterPlan(string Server, PlannedService[] Services);
