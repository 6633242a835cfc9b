namespace RpcLab.Seminar;

/// <summary>
/// One seminar of the lab. Its sheet (Markdown under sheets/) is the script: the runner prints its Goal
/// and Concepts, runs the commands of its "Expected output" section against a real server and compares,
/// then prints its Task and Deliverable. Add a lab by writing a sheet and listing it in <see cref="LabRegistry"/>.
/// Implementations are immutable.
/// </summary>
public interface ILab
{
    int Number { get; }

    string Title { get; }

    /// <summary>The transport the sheet's commands use (their <c>--transport</c>); the runner may be told another.</summary>
    string Transport { get; }

    /// <summary>The sheet's file name under sheets/, e.g. lab01-first-rpc.md.</summary>
    string SheetFile { get; }
}
