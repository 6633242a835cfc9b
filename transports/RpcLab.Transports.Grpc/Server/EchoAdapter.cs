using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// Serves <see cref="IEchoService"/> as <c>rpclab.echo.Echo</c>: each override of the generated
/// <see cref="Echo.EchoBase"/> maps the request message to the contract's arguments and the result back.
/// Errors, deadlines and the call log are not here: the interceptor and the middleware handle every method
/// alike. Thread-safe (one instance serves every call).
/// </summary>
internal sealed class EchoAdapter(IEchoService echo) : Echo.EchoBase
{
    public override async Task<EchoReply> Reverse(EchoRequest request, ServerCallContext context) =>
        new() { Message = await echo.ReverseAsync(request.Message, context.CancellationToken).ConfigureAwait(false) };

    public override async Task<EchoReply> Delay(DelayRequest request, ServerCallContext context) =>
        new() { Message = await echo.DelayAsync(request.Message, request.DelayMs, context.CancellationToken).ConfigureAwait(false) };

    public override async Task<EchoReply> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context) =>
        new() { Message = await echo.CollectAsync(requestStream.ReadAllAsync(context.CancellationToken).Select(r => r.Message), context.CancellationToken).ConfigureAwait(false) };

    public override Task Repeat(RepeatRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context) =>
        responseStream.WriteEachAsync(echo.RepeatAsync(request.Message, request.Count, request.IntervalMs, context.CancellationToken), m => new EchoReply { Message = m }, context.CancellationToken);

    public override Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context) =>
        responseStream.WriteEachAsync(echo.ChatAsync(requestStream.ReadAllAsync(context.CancellationToken).Select(r => r.Message), context.CancellationToken), m => new EchoReply { Message = m }, context.CancellationToken);
}
