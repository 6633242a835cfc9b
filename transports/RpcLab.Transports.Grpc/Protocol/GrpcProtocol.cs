using System.Net;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.Grpc.Protocol;

/// <summary>Header names and values of gRPC over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md). Thread-safe.</summary>
public static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";

    /// <summary>
    /// True for <c>application/grpc</c> and its subtypes (<c>application/grpc+proto</c>, parameters after ';'),
    /// but not for <c>application/grpc-web</c>, which is a different protocol.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';';
    }

    /// <summary>The status a client reports for an HTTP response that carried no grpc-status (the spec's table).</summary>
    public static RpcStatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => RpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => RpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => RpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => RpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => RpcStatusCode.Unavailable,
        _ => RpcStatusCode.Unknown,
    };
}
