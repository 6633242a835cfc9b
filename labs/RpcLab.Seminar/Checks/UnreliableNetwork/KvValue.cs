namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>A key's value and version as the student's server answers Get: ("", 0) for a key that does not exist.</summary>
internal sealed record KvValue(string Value, long Version);
