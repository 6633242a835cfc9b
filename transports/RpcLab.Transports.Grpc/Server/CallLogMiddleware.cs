using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// The server's one-line-per-call log (<see cref="ServerOptions.CallLog"/>), as ASP.NET Core middleware around the
/// whole request rather than an interceptor, because interceptors never see the calls grpc-dotnet refuses before a
/// handler runs: unknown methods (UNIMPLEMENTED), a wrong content type, an oversized request. It reads the status
/// grpc-dotnet sent: from the trailers, or from the headers of a trailers-only response. Only registered when
/// there is a log, so <c>serve --quiet</c> pays nothing for it. Thread-safe.
/// </summary>
internal sealed class CallLogMiddleware(RequestDelegate next, Action<CallRecord> log)
{
    /// <summary>Where <see cref="ErrorInterceptor"/> leaves the failure of a call, for REST answers, which have no grpc-status.</summary>
    public static readonly object FailureKey = new();

    private const string StatusKey = "grpc-status";
    private const string MessageKey = "grpc-message";


    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // The REST endpoint is the HTTP/1.1 one; gRPC's is HTTP/2 only.
            var rest = HttpProtocol.IsHttp11(context.Request.Protocol);
            var (status, detail) = rest ? RestOutcome(context) : DeadlineOrOutcome(context, Stopwatch.GetElapsedTime(started));
            if (!rest && context.Items[FailureKey] is RpcException { Status: var failed } failure && failed == status && RpcErrors.UnexpectedCause(failure) is { } cause)
            {
                // The client read only "internal error": the server's log keeps what it was.
                detail = $"{detail} ({cause})";
            }

            var method = rest ? $"{context.Request.Method} {context.Request.Path.Value}" : context.Request.Path.Value ?? string.Empty;
            try
            {
                log(new CallRecord(rest ? "rest" : "grpc", method, status, Stopwatch.GetElapsedTime(started), Peer(context.Connection), detail));
            }
            catch (Exception)
            {
                // A failing log callback must not fail the call or the server.
            }
        }
    }

    /// <summary>
    /// A call whose deadline passed is DeadlineExceeded, although the server mostly sees it as Cancelled: the client's
    /// own timer fires first (it started before the request left) and resets the stream, so the handler's token fires
    /// as for any client that went away. grpc-dotnet tells the two apart only when its own timer wins. What the request
    /// shows is enough: it had a grpc-timeout header, and that much time has (nearly) passed since it arrived.
    /// </summary>
    private static (RpcStatusCode Status, string? Detail) DeadlineOrOutcome(HttpContext context, TimeSpan elapsed)
    {
        var outcome = Outcome(context);
        if (outcome.Status == RpcStatusCode.Cancelled
            && GrpcTimeout.TryParse(context.Request.Headers["grpc-timeout"], out var timeout)
            && elapsed >= timeout - DeadlineSlack(timeout))
        {
            return (RpcStatusCode.DeadlineExceeded, $"the call's deadline ({timeout.TotalMilliseconds:0} ms, grpc-timeout) passed; the client gave up and reset the stream");
        }

        return outcome;
    }

    /// <summary>
    /// How much earlier than the server's clock a client's deadline may fire: Grpc.Net.Client writes grpc-timeout before
    /// its connection is ready, so the header's time includes the connect and the request's way (80 ms of 500 seen here).
    /// </summary>
    private static TimeSpan DeadlineSlack(TimeSpan timeout) => TimeSpan.FromMilliseconds(50) + (timeout / 5);

    private static (RpcStatusCode Status, string? Detail) Outcome(HttpContext context)
    {
        var headers = context.Response.Headers;
        StringValues status = headers[StatusKey], message = headers[MessageKey];
        if (StringValues.IsNullOrEmpty(status) && context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers)
        {
            (status, message) = (trailers[StatusKey], trailers[MessageKey]);
        }

        if (!int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            // No gRPC status at all: not a gRPC request (routing answered it), or the connection went before one was set.
            return context.RequestAborted.IsCancellationRequested
                ? (RpcStatusCode.Cancelled, "the client went away")
                : (context.Response.StatusCode is 404 or 405 ? RpcStatusCode.Unimplemented : RpcStatusCode.Unknown, $"HTTP {context.Response.StatusCode} without a grpc-status ({context.Request.Method} {context.Request.ContentType})");
        }

        // OK, or grpc-dotnet's "Exception was thrown by handler" (Unknown) from a request body cut short: the client
        // reset the stream or closed its connection, and the status never reached it.
        if (code is 0 or 2 && context.RequestAborted.IsCancellationRequested)
        {
            return (RpcStatusCode.Cancelled, "the client went away before the status was sent");
        }

        return ((RpcStatusCode)code, StringValues.IsNullOrEmpty(message) ? null : Uri.UnescapeDataString(message.ToString()));
    }

    private static (RpcStatusCode Status, string? Detail) RestOutcome(HttpContext context)
    {
        if (context.Items[FailureKey] is RpcException failure)
        {
            return (failure.Status, RpcErrors.LogDetail(failure));
        }

        var http = context.Response.StatusCode;
        if (http is >= 200 and < 300)
        {
            return context.RequestAborted.IsCancellationRequested ? (RpcStatusCode.Cancelled, "the client went away") : (RpcStatusCode.OK, null);
        }

        // Refused before any handler ran (no route, a body that is not the request message): the HTTP status says why.
        var status = http switch
        {
            400 => RpcStatusCode.InvalidArgument,
            404 or 405 => RpcStatusCode.Unimplemented,
            413 => RpcStatusCode.ResourceExhausted,
            415 => RpcStatusCode.InvalidArgument,
            _ => RpcStatusCode.Unknown,
        };
        return (status, $"HTTP {http} for {context.Request.Method} {context.Request.Path.Value}");
    }

    private static string? Peer(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } address ? new IPEndPoint(address, connection.RemotePort).ToString() : null;
}
