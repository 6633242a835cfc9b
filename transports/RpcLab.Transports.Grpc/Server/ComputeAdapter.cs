using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using Proto = RpcLab.Transports.Grpc.Protos.Compute;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>Serves <see cref="IComputeService"/> as <c>rpclab.compute.Compute</c>. Thread-safe.</summary>
internal sealed class ComputeAdapter(IComputeService compute) : Proto.Compute.ComputeBase
{
    public override async Task<Proto.AddReply> Add(Proto.AddRequest request, ServerCallContext context) =>
        new() { Sum = await compute.AddAsync(request.A, request.B, context.CancellationToken).ConfigureAwait(false) };

    public override async Task<Proto.SortReply> Sort(Proto.SortRequest request, ServerCallContext context)
    {
        var reply = new Proto.SortReply();
        reply.Values.AddRange(await compute.SortAsync([.. request.Values], context.CancellationToken).ConfigureAwait(false));
        return reply;
    }

    public override async Task<Proto.JobId> SubmitAdd(Proto.SubmitAddRequest request, ServerCallContext context) =>
        new() { Id = await compute.SubmitAddAsync(request.A, request.B, request.DelayMs, ContractMapping.ToRequestId(request.RequestClientId, request.RequestSequence), context.CancellationToken).ConfigureAwait(false) };

    public override async Task<Proto.JobId> SubmitSort(Proto.SubmitSortRequest request, ServerCallContext context) =>
        new() { Id = await compute.SubmitSortAsync([.. request.Values], request.DelayMs, ContractMapping.ToRequestId(request.RequestClientId, request.RequestSequence), context.CancellationToken).ConfigureAwait(false) };

    public override async Task<Proto.Job> GetJob(Proto.JobId request, ServerCallContext context) =>
        (await compute.GetJobAsync(request.Id, context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<Proto.Job> WaitJob(Proto.WaitJobRequest request, ServerCallContext context) =>
        (await compute.WaitJobAsync(request.Id, request.TimeoutMs, context.CancellationToken).ConfigureAwait(false)).ToProto();
}
