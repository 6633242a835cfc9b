namespace RpcLab.Seminar.Workspaces;

/// <summary>
/// A workspace cannot be written: no template for the lab, or a template that names a placeholder nobody can fill.
/// Its own type so the <c>workspace</c> verb prints it as an error line rather than a stack trace.
/// </summary>
public sealed class WorkspaceException : Exception
{
    public WorkspaceException()
    {
    }

    public WorkspaceException(string message)
        : base(message)
    {
    }

    public WorkspaceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
