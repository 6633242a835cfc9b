namespace RpcLab.Transports.Raw.Cluster;

/// <summary>A shipped procedure cannot be installed: it does not compile, or has no method matching init.yaml. The message says which and where.</summary>
public sealed class ProcedureException(string message) : Exception(message);
