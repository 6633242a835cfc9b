using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using RpcLab.Transports.Hosting;
using Proto = RpcLab.Transports.Grpc.Protos.Compute;

namespace RpcLab.Transports.Grpc.Client;

/// <summary><see cref="IComputeService"/> over the generated <see cref="Proto.Compute.ComputeClient"/>. Thread-safe.</summary>
internal sealed class ComputeClientAdapter(Proto.Compute.ComputeClient client, CallOptions options) : IComputeService
{
    public async Task<double> AddAsync(double a, double b, CancellationToken cancellationToken = default) =>
        (await client.AddAsync(new Proto.AddRequest { A = a, B = b }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Sum;

    public async Task<int[]> SortAsync(int[] values, CancellationToken cancellationToken = default) =>
        [.. (await client.SortAsync(SortRequest(values), Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Values];

    public async Task<string> SubmitAddAsync(double a, double b, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        (await client.SubmitAddAsync(new Proto.SubmitAddRequest { A = a, B = b, DelayMs = delayMs, RequestClientId = requestId?.ClientId ?? string.Empty, RequestSequence = requestId?.Sequence ?? 0 }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Id;

    public async Task<string> SubmitSortAsync(int[] values, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var request = new Proto.SubmitSortRequest { DelayMs = delayMs, RequestClientId = requestId?.ClientId ?? string.Empty, RequestSequence = requestId?.Sequence ?? 0 };
        request.Values.AddRange(values);
        return (await client.SubmitSortAsync(request, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Id;
    }

    public async Task<Job> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        (await client.GetJobAsync(new Proto.JobId { Id = id }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).ToContract();

    public async Task<Job> WaitJobAsync(string id, int timeoutMs, CancellationToken cancellationToken = default) =>
        (await client.WaitJobAsync(new Proto.WaitJobRequest { Id = id, TimeoutMs = timeoutMs }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).ToContract();

    private static Proto.SortRequest SortRequest(int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var request = new Proto.SortRequest();
        request.Values.AddRange(values);
        return request;
    }
}
