using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

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
            var (status, detail) = Outcome(context);
            try
            {
                log(new CallRecord("grpc", context.Request.Path.Value ?? string.Empty, status, Stopwatch.GetElapsedTime(started), Peer(context.Connection), detail));
            }
            catch (Exception)
            {
                // A failing log callback must not fail the call or the server.
            }
        }
    }

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

    private static string? Peer(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } address ? new IPEndPoint(address, connection.RemotePort).ToString() : null;
}
