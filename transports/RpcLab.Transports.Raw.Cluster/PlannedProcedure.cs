namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One procedure in a <see cref="ClusterPlan"/>: its signature, the file it comes from and the SHA-256 of that
/// file's bytes (lowercase hex). <see cref="Source"/> is null when the server already has a copy with this hash,
/// so an unchanged procedure is not sent again. Immutable.
/// </summary>
public sealed record PlannedProcedure(string Rpc, string[] Args, string[] Returns, string File, string Sha256, string? Source);
