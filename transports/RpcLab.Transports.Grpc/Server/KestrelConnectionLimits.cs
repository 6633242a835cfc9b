using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// The seam's connection limits and timeouts (<see cref="ServerOptions"/>) in Kestrel's terms. Kestrel's own
/// <see cref="KestrelServerLimits.MaxConcurrentConnections"/> counts per endpoint, has no per-peer limit, and closes
/// a refused connection without a word or a log line; so the limits are counted by the seam's
/// <see cref="ConnectionLimiter"/> in a connection middleware shared by the gRPC and REST endpoints, which refuses in
/// the protocol's own words before closing: HTTP/1.1 <c>503 Service Unavailable</c>, HTTP/2 a GOAWAY that processed no
/// stream (REFUSED_STREAM: a gRPC client sees UNAVAILABLE and may retry later). Kestrel's own limit stays as the backstop, a little above ours, so
/// a flood of refusals being said cannot hold more than that many sockets. Timeouts map one to one: the message
/// timeout is Kestrel's request-headers timeout (and the grace of its minimum body rate), the idle timeout its
/// keep-alive timeout. Stateless and thread-safe.
/// </summary>
internal static class KestrelConnectionLimits
{
    /// <summary>Connections Kestrel admits beyond ours, for the refusals being written: past them Kestrel closes silently.</summary>
    public const int RefusalSlack = 64;

    /// <summary>How long a refused connection is kept, reading what the client still sends, so the refusal is not lost to a reset.</summary>
    private static readonly TimeSpan RefusalLinger = TimeSpan.FromSeconds(1);

    /// <summary>Kestrel's minimum request body rate (its default, 240 bytes/s), enforced after at most this grace.</summary>
    private static readonly TimeSpan BodyRateGrace = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel refuses a grace not above its 1 s heartbeat.</summary>
    private static readonly TimeSpan MinimumGrace = TimeSpan.FromSeconds(2);

    private const string RefusalText = "too many connections; try again later\n";

    private static readonly byte[] Http1Refusal = Encoding.ASCII.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Type: text/plain\r\nContent-Length: {RefusalText.Length}\r\n\r\n{RefusalText}"));

    // The server's connection preface (an empty SETTINGS frame), then GOAWAY: last stream 0 (none processed),
    // REFUSED_STREAM, and the reason as debug data (RFC 9113, sections 3.4, 6.5, 6.8 and 7). gRPC maps REFUSED_STREAM to
    // UNAVAILABLE, as a client that finds the connection simply closed sees it; NO_ERROR would be INTERNAL, a server bug.
    private static readonly byte[] Http2Refusal =
    [
        0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x1C, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x07,
        .. "too many connections"u8,
    ];

    /// <summary>Kestrel's limits from <paramref name="options"/>; <paramref name="limiter"/> is the connection limit in force.</summary>
    public static void Apply(KestrelServerLimits limits, ServerOptions options, ConnectionLimiter limiter)
    {
        limits.MaxConcurrentConnections = limiter.MaxConnections + RefusalSlack;
        limits.KeepAliveTimeout = options.IdleTimeout;
        limits.RequestHeadersTimeout = options.MessageTimeout;

        // grpc-dotnet lifts the body rate for its streaming calls itself (a client stream may pause); REST bodies keep it.
        limits.MinRequestBodyDataRate = options.MessageTimeout == Timeout.InfiniteTimeSpan
            ? null
            : new MinDataRate(bytesPerSecond: 240, gracePeriod: options.MessageTimeout < BodyRateGrace ? Max(options.MessageTimeout, MinimumGrace) : BodyRateGrace);

        // Kestrel pauses a response at its own 64 KiB; a smaller budget lowers it.
        limits.MaxResponseBufferSize = Math.Min(options.MaxQueuedBytes, limits.MaxResponseBufferSize ?? long.MaxValue);
    }

    /// <summary>
    /// The connection middleware for an endpoint speaking <paramref name="protocols"/>: admits through <paramref name="limiter"/>
    /// or refuses. Before TLS (<paramref name="encrypted"/>) a refusal is only the close: cleartext words would be garbage to a
    /// TLS client, and saying them inside TLS would cost a handshake per refused connection.
    /// </summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(ConnectionLimiter limiter, HttpProtocols protocols, bool encrypted = false)
    {
        var refusal = encrypted ? [] : protocols == HttpProtocols.Http2 ? Http2Refusal : Http1Refusal;
        return next => async connection =>
        {
            using var lease = limiter.TryAdmit(connection.RemoteEndPoint);
            if (lease is null)
            {
                await RefuseAsync(connection, refusal).ConfigureAwait(false);
                return;
            }

            await next(connection).ConfigureAwait(false);
        };
    }

    // Says why, then reads (and drops) what the client sends for a moment: closing with unread bytes would reset the
    // connection, and a reset may destroy the refusal before the client reads it.
    private static async Task RefuseAsync(ConnectionContext connection, byte[] refusal)
    {
        using var linger = new CancellationTokenSource(RefusalLinger);
        try
        {
            await connection.Transport.Output.WriteAsync(refusal, linger.Token).ConfigureAwait(false);
            while (true)
            {
                var read = await connection.Transport.Input.ReadAsync(linger.Token).ConfigureAwait(false);
                connection.Transport.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or ObjectDisposedException)
        {
            // The moment passed, or the client went first: closed either way.
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
