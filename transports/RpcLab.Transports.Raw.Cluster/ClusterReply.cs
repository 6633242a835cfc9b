
namespace RpcLab.Transports.Raw.Cluster;

/// <summary>The return values of a cluster call, each with the type the server declared (and the client checked). Immutable.</summary>
public sealed record ClusterReply(IReadOnlyList<ClusterArgument> Values);
