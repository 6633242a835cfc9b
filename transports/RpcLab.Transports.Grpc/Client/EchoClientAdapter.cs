using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Protos.Echo;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client;

/// <summary><see cref="IEchoService"/> over the generated <see cref="Echo.EchoClient"/>. Thread-safe.</summary>
internal sealed class EchoClientAdapter(Echo.EchoClient client, CallOptions options) : IEchoService
{
    public async Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default) =>
        (await client.ReverseAsync(new EchoRequest { Message = message }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Message;

    public async Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default) =>
        (await client.DelayAsync(new DelayRequest { Message = message, DelayMs = delayMs }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Message;

    public async Task<string> CollectAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) =>
        (await Calls.SendAllAsync(client.Collect(Calls.Options(options, cancellationToken)), messages, m => new EchoRequest { Message = m }, cancellationToken).ConfigureAwait(false)).Message;

    public IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, CancellationToken cancellationToken = default) =>
        Calls.ReceiveAllAsync(() => client.Repeat(new RepeatRequest { Message = message, Count = count, IntervalMs = intervalMs }, Calls.Options(options, cancellationToken)), r => r.Message, cancellationToken);

    public IAsyncEnumerable<string> ChatAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) =>
        Calls.ExchangeAsync(() => client.Chat(Calls.Options(options, cancellationToken)), messages, m => new EchoRequest { Message = m }, r => r.Message, cancellationToken);
}
