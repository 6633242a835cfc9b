using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Lab2.Server;

/// <summary>The gRPC adapter: each rpc handed to the one implementation.</summary>
public sealed class GrpcShapes(IShapes shapes) : Shapes.ShapesBase
{
    public override async Task<UpperReply> Upper(UpperRequest request, ServerCallContext context) =>
        new() { Text = await shapes.UpperAsync(request.Text, context.CancellationToken) };

    public override async Task Countdown(CountdownRequest request, IServerStreamWriter<CountdownReply> responseStream, ServerCallContext context)
    {
        await foreach (var value in shapes.CountdownAsync(request.N, context.CancellationToken))
        {
            await responseStream.WriteAsync(new CountdownReply { Value = value }, context.CancellationToken);
        }
    }

    public override async Task<LongestReply> Longest(IAsyncStreamReader<LongestRequest> requestStream, ServerCallContext context) =>
        new() { Word = await shapes.LongestAsync(Read(requestStream, r => r.Word, context.CancellationToken), context.CancellationToken) };

    public override async Task RunningTotal(IAsyncStreamReader<RunningTotalRequest> requestStream, IServerStreamWriter<RunningTotalReply> responseStream, ServerCallContext context)
    {
        await foreach (var total in shapes.RunningTotalAsync(Read(requestStream, r => r.Number, context.CancellationToken), context.CancellationToken))
        {
            await responseStream.WriteAsync(new RunningTotalReply { Total = total }, context.CancellationToken);
        }
    }

    public override async Task<HoldReply> Hold(HoldRequest request, ServerCallContext context)
    {
        await shapes.HoldAsync(request.Ms, context.CancellationToken);
        return new HoldReply();
    }

    public override async Task<HoldsReply> Holds(HoldsRequest request, ServerCallContext context)
    {
        var count = await shapes.HoldsAsync(context.CancellationToken);
        return new HoldsReply { Started = count.Started, Cancelled = count.Cancelled };
    }

    private static async IAsyncEnumerable<T> Read<TRequest, T>(IAsyncStreamReader<TRequest> requests, Func<TRequest, T> value, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var request in requests.ReadAllAsync(cancellationToken))
        {
            yield return value(request);
        }
    }
}
