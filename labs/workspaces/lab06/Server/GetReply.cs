namespace Lab6.Server;

/// <summary>The answer to Get: the value ("" when absent) and its version (0 when absent).</summary>
public sealed record GetReply(string Value, long Version);
