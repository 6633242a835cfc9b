using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>
/// One server of a lab run: its command as the sheet wrote it, everything its terminal showed, the port it listened
/// on (null when it printed no listening line), and whether its output holds the sheet's expected lines in order. Immutable.
/// </summary>
public sealed record ServerResult(ScriptCommand Command, IReadOnlyList<string> Output, int? Port, bool HasWire)
{
    public bool Passed => ExpectedLine.MatchInOrder(Command.Expected, Output);

    /// <summary>
    /// Why the port in the server's output differs from the one in its command; for a transport with no wire, that the commands shown
    /// cannot be repeated in two terminals at all, since nothing crosses a process boundary.
    /// </summary>
    public string PortNote => !HasWire
        ? $"{ScriptCommand.OptionValue(Command.Args, "--transport")} has no wire: the lab ran this server and the client's calls inside one process. Typed in two terminals, " +
          $"these commands cannot reach each other; to do it yourself, use a transport with a wire ({string.Join(", ", TransportRegistry.All.Where(t => t.HasWire).Select(t => t.Name))})."
        : Port is { } port
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The lab started this server with --port 0 and a temporary --data folder, so the OS chose port {port}; in your own terminals it is the port yours prints.")
            : "The lab started this server as written.";
}
