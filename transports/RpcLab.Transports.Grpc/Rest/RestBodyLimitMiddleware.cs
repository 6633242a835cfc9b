using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Server;

namespace RpcLab.Transports.Grpc.Rest;

/// <summary>
/// RESOURCE_EXHAUSTED for a REST request body over the message size limit, as gRPC answers an oversized message: a
/// body whose Content-Length is over it gets HTTP 413 with the google.rpc.Status JSON body transcoding uses for every
/// error, and any other REST body is held to the limit by Kestrel as it is read (transcoding then reports
/// INVALID_ARGUMENT). gRPC requests pass untouched: grpc-dotnet bounds each of their messages. Thread-safe.
/// </summary>
internal sealed class RestBodyLimitMiddleware(RequestDelegate next, int maxMessageSize)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            return next(context);
        }

        if (context.Request.ContentLength is not { } length || length <= maxMessageSize)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxMessageSize;
            }

            return next(context);
        }

        var detail = $"the request body is larger than the message size limit ({length} vs. {maxMessageSize} bytes)";
        context.Items[CallLogMiddleware.FailureKey] = new RpcException(RpcStatusCode.ResourceExhausted, detail);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.Response.WriteAsJsonAsync(new { code = (int)RpcStatusCode.ResourceExhausted, message = detail, details = Array.Empty<object>() });
    }
}
