namespace RpcLab.Seminar.Checks;

/// <summary>
/// The checks of one lab, run by <c>rpclab check N</c> against a student's own server: the same checks an instructor
/// grades with. A sheet names its suite in its front matter (<c>checks: first-rpc</c>); the suite is code in this
/// project. Implementations are stateless; each run gets a fresh <see cref="CheckContext"/>.
/// </summary>
public interface ILabCheckSuite
{
    /// <summary>The name a sheet's front matter uses, such as <c>first-rpc</c>.</summary>
    string Name { get; }

    /// <summary>The transports this suite can check (<c>--transport</c>); the first is the default.</summary>
    IReadOnlyList<string> Transports { get; }

    /// <summary>
    /// True when the suite checks the student's client (<c>--client "CMD"</c>) rather than their server: the runner then
    /// starts nothing itself, and the checks run RpcLab's server and the client (<see cref="CheckContext.ClientCommand"/>).
    /// </summary>
    bool ChecksClient => false;

    /// <summary>
    /// False for a suite that reads the student's files (<c>--workspace</c>) and speaks to no server, such as Lab 7's,
    /// which reads measured results: the runner then starts none and refuses <c>--server</c>, <c>--port</c> and
    /// <c>--transport</c>, which would mean nothing.
    /// </summary>
    bool NeedsServer => true;

    /// <summary>The checks in the order they run and are printed.</summary>
    IReadOnlyList<LabCheck> Checks { get; }
}
