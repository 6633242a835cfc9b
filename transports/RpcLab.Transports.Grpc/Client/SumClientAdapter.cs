using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using RpcLab.Transports.Grpc.Protos.Sum;
using OurCallOptions = RpcLab.Transports.Hosting.CallOptions;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// <see cref="IParallelSumService"/> over the generated <see cref="ParallelSum.ParallelSumClient"/>, or, when the
/// invoker speaks protobuf on HTTP/2, over the same method with <see cref="SumMarshalling"/>'s marshallers, which
/// spare the arrays' copies into and out of the generated messages. Thread-safe.
/// </summary>
internal sealed class SumClientAdapter(CallInvoker invoker, OurCallOptions options, bool protobufWire) : IParallelSumService
{
    private readonly ParallelSum.ParallelSumClient _client = new(invoker);

    public async Task<SumResult> SumAsync(int[] a, int[] b, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var callOptions = Calls.Options(options, cancellationToken);
        if (protobufWire)
        {
            return await invoker.AsyncUnaryCall(SumMarshalling.Sum, null, callOptions, new SumCall(a, b, parallelism)).ConfigureAwait(false);
        }

        var request = new SumRequest { Parallelism = parallelism };
        request.A.AddRange(a);
        request.B.AddRange(b);
        return (await _client.SumAsync(request, callOptions).ConfigureAwait(false)).ToContract();
    }
}
