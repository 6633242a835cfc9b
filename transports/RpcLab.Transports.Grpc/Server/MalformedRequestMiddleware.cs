using Microsoft.AspNetCore.Http;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// A gRPC request message that is not valid protobuf is the client's fault, so it is INVALID_ARGUMENT with a reason, not
/// grpc-dotnet's UNKNOWN "Exception was thrown by handler.". grpc-dotnet parses a unary or server-streaming request
/// before any interceptor runs, so <see cref="ErrorInterceptor"/> (which maps every exception a handler throws, and a
/// bad message read from a request stream) never sees it; this middleware, once for every service, rewrites that
/// status while the answer is still unsent (a trailers-only response). Behind the interceptor, an UNKNOWN with that
/// text can only come from outside any handler: reading the request. Thread-safe.
/// </summary>
internal sealed class MalformedRequestMiddleware(RequestDelegate next)
{
    /// <summary>What the client reads.</summary>
    public const string Detail = "the request message could not be read: it is not valid protobuf for this method";

    /// <summary>grpc-dotnet's words for an exception outside any interceptor (without EnableDetailedErrors, which stays off).</summary>
    private const string HandlerThrew = "Exception was thrown by handler.";

    private const string StatusKey = "grpc-status";
    private const string MessageKey = "grpc-message";

    /// <remarks>
    /// Not an async method: most calls finish inside <c>next</c>, and awaiting them would cost every call a state
    /// machine for a rewrite almost none needs.
    /// </remarks>
    public Task InvokeAsync(HttpContext context)
    {
        var handled = next(context);
        if (!handled.IsCompletedSuccessfully)
        {
            return RewriteAfterAsync(handled, context);
        }

        Rewrite(context);
        return Task.CompletedTask;
    }

    private static async Task RewriteAfterAsync(Task handled, HttpContext context)
    {
        await handled.ConfigureAwait(false);
        Rewrite(context);
    }

    private static void Rewrite(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (!context.Response.HasStarted
            && !context.RequestAborted.IsCancellationRequested
            && headers[StatusKey] == "2"
            && headers[MessageKey] == HandlerThrew)
        {
            headers[StatusKey] = "3";
            headers[MessageKey] = Uri.EscapeDataString(Detail);
        }
    }
}
