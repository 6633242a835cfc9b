using System.Globalization;
using RpcLab.Transports.Hosting;

namespace RpcLab.Network.Faults;

/// <summary>One fault the proxy applied, as its log keeps it.</summary>
/// <param name="At">When, since the proxy started.</param>
/// <param name="Connection">The connection (from 1), or 0 for a fault of the whole proxy (a partition).</param>
/// <param name="Direction">The direction of the message it hit.</param>
/// <param name="Kind">What was done.</param>
/// <param name="Message">The request or reply number it hit (from 1, across connections), or 0.</param>
/// <param name="Detail">A few words more (sizes, durations); never bytes a client sent.</param>
public sealed record FaultEvent(TimeSpan At, int Connection, RelayDirection Direction, FaultKind Kind, int Message, string Detail)
{
    /// <summary>The event without its time: what two runs with the same seed agree on.</summary>
    public string Describe()
    {
        var what = Kind switch
        {
            FaultKind.RequestLost => "request-lost",
            FaultKind.ReplyLost => "reply-lost",
            FaultKind.HalfOpen => "half-open",
            FaultKind.LimitData => "limit-data",
            FaultKind.BadFrame => "bad-frame",
            _ => Kind.ToString().ToLowerInvariant(),
        };
        var where = Connection == 0 ? "proxy" : string.Create(CultureInfo.InvariantCulture, $"conn {Connection} {(Direction == RelayDirection.ClientToServer ? "request" : "reply")} {Message}");
        return $"{what} ({where}){(Detail.Length == 0 ? string.Empty : ": " + LogText.Escape(Detail))}";
    }

    /// <summary>The event as the proxy prints it: its time in milliseconds, then <see cref="Describe"/>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At.TotalMilliseconds,10:0.0} ms  {Describe()}");
}
