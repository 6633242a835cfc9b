using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Grpc.Protos.Echo;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client.Adapters;

/// <summary><see cref="IEchoService"/> over <c>rpclab.echo.Echo</c>. Thread-safe.</summary>
internal sealed class EchoClientAdapter(GrpcCallInvoker invoker, CallOptions options) : IEchoService
{
    public async Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(EchoMethods.Reverse, new EchoRequest { Message = message }, options, cancellationToken).ConfigureAwait(false)).Message;

    public async Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(EchoMethods.Delay, new DelayRequest { Message = message, DelayMs = delayMs }, options, cancellationToken).ConfigureAwait(false)).Message;

    public async Task<string> CollectAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) =>
        (await invoker.ClientStreamingAsync(EchoMethods.Collect, messages.Select(m => new EchoRequest { Message = m }), options, cancellationToken).ConfigureAwait(false)).Message;

    public IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, CancellationToken cancellationToken = default) =>
        invoker.ServerStreamingAsync(EchoMethods.Repeat, new RepeatRequest { Message = message, Count = count, IntervalMs = intervalMs }, options, cancellationToken)
            .Select(r => r.Message);

    public IAsyncEnumerable<string> ChatAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) =>
        invoker.DuplexStreamingAsync(EchoMethods.Chat, messages.Select(m => new EchoRequest { Message = m }), options, cancellationToken)
            .Select(r => r.Message);
}
