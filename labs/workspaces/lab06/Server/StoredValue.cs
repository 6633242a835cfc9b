namespace Lab6.Server;

/// <summary>A key's value and its version: 0 means the key does not exist, every write adds 1.</summary>
public sealed record StoredValue(string Value, long Version);
