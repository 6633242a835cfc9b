using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Hosting;
using Proto = RpcLab.Transports.Grpc.Protos.Compute;

namespace RpcLab.Transports.Grpc.Client.Adapters;

/// <summary><see cref="IComputeService"/> over <c>rpclab.compute.Compute</c>. Thread-safe.</summary>
internal sealed class ComputeClientAdapter(GrpcCallInvoker invoker, CallOptions options) : IComputeService
{
    public async Task<double> AddAsync(double a, double b, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(ComputeMethods.Add, new Proto.AddRequest { A = a, B = b }, options, cancellationToken).ConfigureAwait(false)).Sum;

    public async Task<int[]> SortAsync(int[] values, CancellationToken cancellationToken = default) =>
        [.. (await invoker.UnaryAsync(ComputeMethods.Sort, SortRequest(values), options, cancellationToken).ConfigureAwait(false)).Values];

    public async Task<string> SubmitAddAsync(double a, double b, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(ComputeMethods.SubmitAdd, new Proto.AddRequest { A = a, B = b }, options, cancellationToken).ConfigureAwait(false)).Id;

    public async Task<string> SubmitSortAsync(int[] values, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(ComputeMethods.SubmitSort, SortRequest(values), options, cancellationToken).ConfigureAwait(false)).Id;

    public async Task<Job> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(ComputeMethods.GetJob, new Proto.JobId { Id = id }, options, cancellationToken).ConfigureAwait(false)).ToContract();

    public async Task<Job> WaitJobAsync(string id, int timeoutMs, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(ComputeMethods.WaitJob, new Proto.WaitJobRequest { Id = id, TimeoutMs = timeoutMs }, options, cancellationToken).ConfigureAwait(false)).ToContract();

    private static Proto.SortRequest SortRequest(int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var request = new Proto.SortRequest();
        request.Values.AddRange(values);
        return request;
    }
}
