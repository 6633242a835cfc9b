using Microsoft.AspNetCore.Http;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Server;

namespace RpcLab.Transports.Grpc.Rest;

/// <summary>
/// RESOURCE_EXHAUSTED for a REST request body over the message size limit, as gRPC answers an oversized message.
/// Transcoding alone would let Kestrel's body limit fail the read, which it reports as INVALID_ARGUMENT (HTTP 400).
/// Answers HTTP 413 with the google.rpc.Status JSON body transcoding uses for every error; a body without a
/// Content-Length still meets Kestrel's limit. Thread-safe.
/// </summary>
internal sealed class RestBodyLimitMiddleware(RequestDelegate next, int maxMessageSize)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpProtocol.IsHttp11(context.Request.Protocol) || context.Request.ContentLength is not { } length || length <= maxMessageSize)
        {
            return next(context);
        }

        var detail = $"the request body is larger than the message size limit ({length} vs. {maxMessageSize} bytes)";
        context.Items[CallLogMiddleware.FailureKey] = new RpcException(RpcStatusCode.ResourceExhausted, detail);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.Response.WriteAsJsonAsync(new { code = (int)RpcStatusCode.ResourceExhausted, message = detail, details = Array.Empty<object>() });
    }
}
