using System.Globalization;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Composition;

/// <summary>
/// The line <c>rpclab serve</c> prints for each finished call:
/// <c>00:31:02.123  127.0.0.1:53422  echo.reverse  OK  1.2 ms</c>, with the error's detail after
/// " - " when the status is not OK. Thread-safe.
/// </summary>
public static class CallLogLine
{
    public static string Format(CallRecord call, DateTimeOffset finishedAt)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{finishedAt:HH:mm:ss.fff}  {LogText.Escape(call.Peer ?? "-")}  {LogText.Escape(call.Method)}  {call.Status}  {call.Elapsed.TotalMilliseconds:0.0} ms");
        return call.Status == RpcStatusCode.OK || string.IsNullOrEmpty(call.Detail)
            ? line
            : $"{line} - {OneLine(call.Detail)}";
    }

    // A detail may carry newlines (a multi-line message) and a client's own text; one call stays one log line, and
    // nothing in it reaches the terminal as a control sequence. The method name is the client's choice: escaped alike.
    private static string OneLine(string text) => LogText.Escape(text, lineBreak: " | ");
}
