namespace RpcLab.Transports.Raw.Cluster;

/// <summary>What the initializer did on one server: its report, or why it could not (unreachable, refused, a file that does not compile). Immutable.</summary>
public sealed record ServerInit(NodeAddress Server, InitReport? Report, string? Error);
