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
            $"{finishedAt:HH:mm:ss.fff}  {call.Peer ?? "-"}  {call.Method}  {call.Status}  {call.Elapsed.TotalMilliseconds:0.0} ms");
        return call.Status == RpcStatusCode.OK || string.IsNullOrEmpty(call.Detail)
            ? line
            : $"{line} - {OneLine(call.Detail)}";
    }

    // A detail may carry newlines (a stack trace, a multi-line message); one call stays one log line.
    private static string OneLine(string text) => text.ReplaceLineEndings(" | ");
}
