namespace RpcLab.Transports.Raw.Cluster;

/// <summary>init.yaml cannot be used: the message says where (file and line) and what is wrong.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
