using System.Text.Json;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>One argument of a call typed on the command line: its declared type name and its JSON value (which need not match: the server checks). Immutable.</summary>
public sealed record ClusterArgument(string Type, JsonElement Value);
