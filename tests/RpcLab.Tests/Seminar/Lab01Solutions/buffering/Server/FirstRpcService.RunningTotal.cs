using Grpc.Core;

namespace Lab1.Server;

/// <summary>RunningTotal buffering: it reads every number before it answers any.</summary>
public sealed partial class FirstRpcService
{
    public override async Task RunningTotal(IAsyncStreamReader<RunningTotalRequest> requestStream, IServerStreamWriter<RunningTotalReply> responseStream, ServerCallContext context)
    {
        var totals = new List<long>();
        long total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            total += request.Number;
            totals.Add(total);
        }

        foreach (var sum in totals)
        {
            await responseStream.WriteAsync(new RunningTotalReply { Total = sum }, context.CancellationToken);
        }
    }
}
