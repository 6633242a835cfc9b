using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Transports.Grpc.Server.Adapters;

/// <summary>Serves <see cref="IEchoService"/> as <c>rpclab.echo.Echo</c>.</summary>
internal static class EchoServerAdapter
{
    public static void Bind(GrpcServiceBinder binder, IEchoService echo)
    {
        binder.AddUnary(EchoMethods.Reverse, async (request, ct) =>
            new EchoReply { Message = await echo.ReverseAsync(request.Message, ct).ConfigureAwait(false) });
        binder.AddUnary(EchoMethods.Delay, async (request, ct) =>
            new EchoReply { Message = await echo.DelayAsync(request.Message, request.DelayMs, ct).ConfigureAwait(false) });
        binder.AddClientStreaming(EchoMethods.Collect, async (requests, ct) =>
            new EchoReply { Message = await echo.CollectAsync(requests.Select(r => r.Message), ct).ConfigureAwait(false) });
        binder.AddServerStreaming(EchoMethods.Repeat, (request, ct) =>
            echo.RepeatAsync(request.Message, request.Count, request.IntervalMs, ct).Select(m => new EchoReply { Message = m }));
        binder.AddDuplexStreaming(EchoMethods.Chat, (requests, ct) =>
            echo.ChatAsync(requests.Select(r => r.Message), ct).Select(m => new EchoReply { Message = m }));
    }
}
