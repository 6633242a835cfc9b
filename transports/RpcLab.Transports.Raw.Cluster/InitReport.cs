namespace RpcLab.Transports.Raw.Cluster;

/// <summary>A server's answer to <c>$cluster.apply</c>: what happened to each procedure. Immutable.</summary>
public sealed record InitReport(string Server, ProcedureChange[] Changes);
