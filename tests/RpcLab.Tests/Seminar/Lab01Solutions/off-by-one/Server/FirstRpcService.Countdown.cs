using Grpc.Core;

namespace Lab1.Server;

/// <summary>Countdown off by one: n, n-1, ..., 0.</summary>
public sealed partial class FirstRpcService
{
    public override async Task Countdown(CountdownRequest request, IServerStreamWriter<CountdownReply> responseStream, ServerCallContext context)
    {
        for (var value = request.N; value >= 0; value--)
        {
            await responseStream.WriteAsync(new CountdownReply { Value = value }, context.CancellationToken);
        }
    }
}
