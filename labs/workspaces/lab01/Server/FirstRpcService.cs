using Grpc.Core;

namespace Lab1.Server;

/// <summary>
/// Your service: one override per rpc of protos/lab1.proto. Its base class, FirstRpc.FirstRpcBase, is generated from
/// the .proto when you build, with one virtual method per rpc that answers UNIMPLEMENTED until you override it.
/// Pass context.CancellationToken to everything that waits, so a client that cancels or runs out of time stops
/// your method too.
/// </summary>
public sealed class FirstRpcService : FirstRpc.FirstRpcBase
{
    // TODO 1 Upper (unary): return one reply.
    // public override Task<UpperReply> Upper(UpperRequest request, ServerCallContext context) =>
    //     Task.FromResult(new UpperReply { Text = ... });

    // TODO 2 Countdown (server streaming): write each reply with
    //     await responseStream.WriteAsync(new CountdownReply { Value = ... }, context.CancellationToken);
    // public override async Task Countdown(CountdownRequest request, IServerStreamWriter<CountdownReply> responseStream, ServerCallContext context)

    // TODO 3 Longest (client streaming): read every request, then return one reply.
    //     await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken)) { ... }
    // public override async Task<LongestReply> Longest(IAsyncStreamReader<LongestRequest> requestStream, ServerCallContext context)

    // TODO 4 RunningTotal (bidirectional): for each request read, write its reply before reading the next.
    // public override async Task RunningTotal(IAsyncStreamReader<RunningTotalRequest> requestStream, IServerStreamWriter<RunningTotalReply> responseStream, ServerCallContext context)

    // TODO 5 your own method.

    // For bad input, throw new RpcException(new Status(StatusCode.InvalidArgument, "why")): the client sees that
    // status and text. Any other exception reaches the client as UNKNOWN.
}
