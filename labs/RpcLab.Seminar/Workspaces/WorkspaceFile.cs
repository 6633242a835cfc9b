namespace RpcLab.Seminar.Workspaces;

/// <summary>One file of a written workspace: its path relative to the workspace, and whether it was written now or kept as it was.</summary>
public sealed record WorkspaceFile(string RelativePath, bool Written);
