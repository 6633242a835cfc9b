using System.Text.Json.Serialization;

namespace RpcLab.Cli.Calls;

/// <summary>What <c>rpclab call files.download</c> prints: the bytes received, their SHA-256 (lowercase hex, as FileEntry has it) and where they were written, if anywhere.</summary>
public sealed record DownloadSummary(
    long Size,
    string Sha256,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SavedTo);
