using Grpc.Core;

namespace Lab2.Server;

/// <summary>
/// The gRPC adapter: derives from Shapes.ShapesBase (generated from protos/lab2.proto when you build; each rpc it does
/// not override answers UNIMPLEMENTED) and hands every call to the one implementation, IShapes, turning the protobuf
/// messages into plain C# values and back. It computes nothing itself. context.CancellationToken is the call's token:
/// it fires when the client cancels, goes away or runs out of time, so pass it on.
/// </summary>
public sealed class GrpcShapes(IShapes shapes) : Shapes.ShapesBase
{
    // Written for you, as the model for the others: one message in, one value to the implementation, one message out.
    public override async Task<UpperReply> Upper(UpperRequest request, ServerCallContext context) =>
        new() { Text = await shapes.UpperAsync(request.Text, context.CancellationToken) };

    // TODO 6 Countdown (server streaming): for each value of shapes.CountdownAsync(request.N, ...), write a reply:
    //     await responseStream.WriteAsync(new CountdownReply { Value = value }, context.CancellationToken);
    // public override async Task Countdown(CountdownRequest request, IServerStreamWriter<CountdownReply> responseStream, ServerCallContext context)

    // TODO 7 Longest (client streaming): hand the implementation the words as an IAsyncEnumerable<string>, read from
    // requestStream as it arrives (an async iterator of your own over requestStream.ReadAllAsync(...)).
    // public override async Task<LongestReply> Longest(IAsyncStreamReader<LongestRequest> requestStream, ServerCallContext context)

    // TODO 8 RunningTotal (bidirectional): the numbers as an IAsyncEnumerable<long> read from requestStream, and each
    // total written to responseStream as soon as the implementation yields it.
    // public override async Task RunningTotal(IAsyncStreamReader<RunningTotalRequest> requestStream, IServerStreamWriter<RunningTotalReply> responseStream, ServerCallContext context)

    // TODO 9 Hold and Holds (unary), like Upper.
    // public override async Task<HoldReply> Hold(HoldRequest request, ServerCallContext context)
    // public override async Task<HoldsReply> Holds(HoldsRequest request, ServerCallContext context)
}
