using Grpc.Core;

namespace Lab1.Server;

/// <summary>RunningTotal: each sum written before the next number is read.</summary>
public sealed partial class FirstRpcService
{
    public override async Task RunningTotal(IAsyncStreamReader<RunningTotalRequest> requestStream, IServerStreamWriter<RunningTotalReply> responseStream, ServerCallContext context)
    {
        long total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            total += request.Number;
            await responseStream.WriteAsync(new RunningTotalReply { Total = total }, context.CancellationToken);
        }
    }
}
