using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>Everything a lab run produced, for the screen and the transcript. Immutable.</summary>
public sealed record LabRun(
    ILab Lab,
    LabSheet Sheet,
    string Transport,
    LabScript Script,
    int ServerPort,
    IReadOnlyList<string> ServerOutput,
    bool ServerPassed,
    IReadOnlyList<StepResult> Steps,
    DateTimeOffset StartedAt)
{
    public bool Passed => ServerPassed && Steps.All(s => s.Passed);

    /// <summary>The client terminal: each command as typed, then its output.</summary>
    public IReadOnlyList<string> ClientTerminal => Steps.SelectMany(s => s.Output.Prepend("$ " + s.Step.Text)).ToList();

    /// <summary>The server terminal: its command as typed, then its output.</summary>
    public IReadOnlyList<string> ServerTerminal => ServerOutput.Prepend("$ " + Script.Server.Text).ToList();

    /// <summary>
    /// Why the port in the server's output differs from the one in its command; for inproc, that the
    /// commands shown cannot be repeated in two terminals at all, since nothing crosses a process boundary.
    /// </summary>
    public string PortNote => !TransportRegistry.Get(Transport).HasWire
        ? "inproc has no wire: the lab ran this server and the client's calls inside one process. Typed in two terminals, these commands " +
          "cannot reach each other; to do it yourself, use --transport grpc or --transport jsonrpc."
        : $"The lab started this server with --port 0 and a temporary --data folder, so the OS chose port {ServerPort}; in your own terminals it is the port you type.";
}
