using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using Proto = RpcLab.Transports.Grpc.Protos.Compute;

namespace RpcLab.Transports.Grpc.Server.Adapters;

/// <summary>Serves <see cref="IComputeService"/> as <c>rpclab.compute.Compute</c>.</summary>
internal static class ComputeServerAdapter
{
    public static void Bind(GrpcServiceBinder binder, IComputeService compute)
    {
        binder.AddUnary(ComputeMethods.Add, async (request, ct) =>
            new Proto.AddReply { Sum = await compute.AddAsync(request.A, request.B, ct).ConfigureAwait(false) });
        binder.AddUnary(ComputeMethods.Sort, async (request, ct) =>
        {
            var reply = new Proto.SortReply();
            reply.Values.AddRange(await compute.SortAsync([.. request.Values], ct).ConfigureAwait(false));
            return reply;
        });
        binder.AddUnary(ComputeMethods.SubmitAdd, async (request, ct) =>
            new Proto.JobId { Id = await compute.SubmitAddAsync(request.A, request.B, ct).ConfigureAwait(false) });
        binder.AddUnary(ComputeMethods.SubmitSort, async (request, ct) =>
            new Proto.JobId { Id = await compute.SubmitSortAsync([.. request.Values], ct).ConfigureAwait(false) });
        binder.AddUnary(ComputeMethods.GetJob, async (request, ct) =>
            (await compute.GetJobAsync(request.Id, ct).ConfigureAwait(false)).ToProto());
        binder.AddUnary(ComputeMethods.WaitJob, async (request, ct) =>
            (await compute.WaitJobAsync(request.Id, request.TimeoutMs, ct).ConfigureAwait(false)).ToProto());
    }
}
