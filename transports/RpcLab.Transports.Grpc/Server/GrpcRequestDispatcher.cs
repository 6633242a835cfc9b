using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// The one request delegate of the server: validates the gRPC request, looks the method up in the table,
/// runs it under the call's deadline and cancellation, and sends the status. Thread-safe.
/// </summary>
internal sealed class GrpcRequestDispatcher(FrozenDictionary<string, ServerMethodHandler> methods, ServerOptions options, CancellationToken serverStopping)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value ?? string.Empty;

        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "POST";
            Reject(context, started, path, RpcStatusCode.Unimplemented, $"gRPC calls are POST requests, not {request.Method}");
            return;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            // The spec's answer to a non-gRPC content type is HTTP 415; the status headers help gRPC-aware tools.
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            Reject(context, started, path, RpcStatusCode.Internal, $"content-type '{request.ContentType}' is not application/grpc");
            return;
        }

        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;

        if (!methods.TryGetValue(path, out var handler))
        {
            Reject(context, started, path, RpcStatusCode.Unimplemented, $"unknown method {path}");
            return;
        }

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length > 0 && !string.Equals(encoding, GrpcProtocol.IdentityEncoding, StringComparison.Ordinal))
        {
            Reject(context, started, path, RpcStatusCode.Unimplemented, $"grpc-encoding '{encoding}' is not supported; this server accepts identity only");
            return;
        }

        TimeSpan? timeout = null;
        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                Reject(context, started, path, RpcStatusCode.Internal, $"malformed grpc-timeout '{timeoutHeader}' (expected 1-8 digits and a unit H, M, S, m, u or n)");
                return;
            }

            if (parsed == TimeSpan.Zero)
            {
                // Under 100 ns: the deadline has passed on arrival, so running the handler could only waste work.
                Reject(context, started, path, RpcStatusCode.DeadlineExceeded, $"deadline exceeded on arrival (grpc-timeout {timeoutHeader})");
                return;
            }

            timeout = parsed;
        }

        if (handler.Shape is CallShape.ClientStreaming or CallShape.DuplexStreaming
            && context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            // A client stream may pause for as long as the caller likes (a chat); that is not a slow attack.
            rate.MinDataRate = null;
        }

        using var call = new GrpcServerCall(context, options.MaxMessageSize, timeout, serverStopping);
        var handlerTask = handler.HandleAsync(call);
        RpcStatusCode status;
        string? detail = null;
        try
        {
            if (handlerTask.IsCompleted)
            {
                await handlerTask.ConfigureAwait(false);
            }
            else
            {
                // Returns when the handler ends or the call is cancelled, whichever is first, so a handler that
                // ignores its token still cannot hold the status back past the deadline.
                await handlerTask.WaitAsync(call.CancellationToken).ConfigureAwait(false);
            }

            status = RpcStatusCode.OK;
        }
        catch (Exception e)
        {
            (status, detail) = Classify(e, call, timeout);
        }

        try
        {
            await call.CompleteAsync(status, detail).ConfigureAwait(false);
            if (!handlerTask.IsCompleted)
            {
                // Push the status out now; the request delegate must not return while the handler may still read
                // the request, because Kestrel reuses the request objects.
                if (!call.ClientGone)
                {
                    await response.CompleteAsync().ConfigureAwait(false);
                }

                await handlerTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception) when (call.ClientGone)
        {
            // Nobody is listening for the status any more.
        }
        finally
        {
            Log(context, started, path, call.ClientGone && status == RpcStatusCode.OK ? RpcStatusCode.Cancelled : status, detail);
        }
    }

    private static (RpcStatusCode Status, string? Detail) Classify(Exception exception, GrpcServerCall call, TimeSpan? timeout)
    {
        if (call.DeadlineExceeded && exception is OperationCanceledException or IOException or RpcException { Status: RpcStatusCode.Cancelled })
        {
            return (RpcStatusCode.DeadlineExceeded, $"deadline exceeded (grpc-timeout {timeout?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms)");
        }

        if (exception is RpcException rpc)
        {
            return (rpc.Status, rpc.Detail);
        }

        if (call.ClientGone)
        {
            return (RpcStatusCode.Cancelled, "the client cancelled the call");
        }

        if (call.ServerStopping.IsCancellationRequested)
        {
            return (RpcStatusCode.Unavailable, "the server is shutting down");
        }

        var mapped = RpcErrors.ToRpcException(exception, call.DeadlineExceeded);
        return (mapped.Status, mapped.Detail);
    }

    /// <summary>An error before any handler ran: a trailers-only response.</summary>
    private void Reject(HttpContext context, long started, string path, RpcStatusCode status, string detail)
    {
        var headers = context.Response.Headers;
        headers[GrpcProtocol.StatusHeader] = ((int)status).ToString(CultureInfo.InvariantCulture);
        headers[GrpcProtocol.MessageHeader] = GrpcStatusMessage.Encode(detail);
        Log(context, started, path, status, detail);
    }

    private void Log(HttpContext context, long started, string path, RpcStatusCode status, string? detail)
    {
        if (options.CallLog is not { } log)
        {
            return;
        }

        var connection = context.Connection;
        var peer = connection.RemoteIpAddress is { } address ? new IPEndPoint(address, connection.RemotePort).ToString() : null;
        try
        {
            log(new CallRecord("grpc", path, status, Stopwatch.GetElapsedTime(started), peer, detail));
        }
        catch (Exception)
        {
            // A failing log callback must not fail the call or the server.
        }
    }
}
