namespace RpcLab.Services.Files;

/// <summary>A local entry <see cref="FolderSync"/> did not mirror, and why.</summary>
public sealed record SkippedFile(string Name, string Reason);
