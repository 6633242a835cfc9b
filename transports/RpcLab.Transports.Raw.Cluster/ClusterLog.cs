using System.Globalization;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Server;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// A node's timestamped log, as the original project kept it: connection attempts, the clients that connected,
/// unauthorized attempts, successes and exceptions, and what each initialization changed. Wrong tokens for the
/// node's own service are written by its <see cref="TokenGate"/>, once a minute per address with a count. One line per event:
/// <c>2026-11-25 16:31:02.130  success       c1 service1.rpc1(int, str) 0.4 ms</c>. Lines go to
/// <c>write</c>, in order, each value a client chose escaped (<see cref="LogText"/>): one event is one line. Thread-safe.
/// </summary>
public sealed class ClusterLog(Action<string> write) : IServerObserver
{
    private readonly object _gate = new();

    public void ConnectionOpened(string peer) => Write("connect", peer);

    public void ClientPresented(string peer, string client) => Write("client", $"{client} at {peer}");

    public void CallFinished(RawCallRecord call)
    {
        var who = call.Client ?? call.Peer;
        var what = $"{who} {call.Service}.{call.Rpc}{Types.RawTypes.Join(call.ArgTypes)}";
        if (call.Failure is not { } failure)
        {
            Write("success", string.Create(CultureInfo.InvariantCulture, $"{what} {call.Elapsed.TotalMilliseconds:0.0} ms"));
            return;
        }

        if (call.Unauthorized && call.Service == ClusterNode.ControlService)
        {
            // A wrong token: the node's gate logs those itself, once a minute per address with a count, so that
            // guessing cannot flood the log (TokenGate).
            return;
        }

        Write(call.Unauthorized ? "unauthorized" : "exception", $"{what}: {failure.TypeName}: {failure.Detail}");
    }

    public void ProtocolError(string peer, string message) => Write("protocol", $"{peer}: {message}");

    public void ConnectionClosed(string peer, string? reason) => Write("disconnect", reason is null ? peer : $"{peer}: {reason}");

    /// <summary>A line about the node itself (started, initialized).</summary>
    public void Note(string kind, string text) => Write(kind, text);

    private void Write(string kind, string text)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fff}  {kind,-12}  {LogText.Escape(text, lineBreak: " | ")}");
        lock (_gate)
        {
            write(line);
        }
    }
}
