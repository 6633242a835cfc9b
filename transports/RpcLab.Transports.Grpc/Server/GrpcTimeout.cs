using System.Globalization;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// The <c>grpc-timeout</c> request header (gRPC's HTTP/2 protocol: at most 8 digits and a unit, H M S m u n), read by
/// the call log to tell a passed deadline from a client that went away. Stateless, thread-safe.
/// </summary>
internal static class GrpcTimeout
{
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2
            || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is not { } t)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(t);
        return true;
    }
}
