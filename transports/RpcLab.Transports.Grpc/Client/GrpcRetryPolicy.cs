using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// Our <see cref="RetryOptions"/> as grpc-dotnet's own retry policy: a service config with one method config per
/// catalogued method whose <see cref="RetryPolicy.RetryableStatusCodes"/> are <see cref="RetryOptions.RetryableFor"/>
/// its idempotency (<see cref="RpcMethod.IsIdempotent"/>, the contract's one declaration). The channel then retries by
/// itself: it buffers the request, resends it (a non-idempotent call's request id included, so the server answers a
/// retry with the first reply), tells the server the attempt number in <c>grpc-previous-rpc-attempts</c>, and retries a
/// streaming call only until the first response message has come. Thread-safe (pure).
/// </summary>
/// <remarks>
/// Hedging (<see cref="HedgingPolicy"/>: several copies of a call in flight, the first reply wins) fits idempotent reads
/// whose tail latency matters more than the extra load (users.get, files.list against a server that sometimes stalls);
/// never a non-idempotent call, since every copy runs. It is not configured here: the lab's retries are about failures.
/// </remarks>
internal static class GrpcRetryPolicy
{
    /// <summary>The service config of <paramref name="retry"/>; null when it allows a single attempt.</summary>
    public static ServiceConfig? ServiceConfig(RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        if (retry.MaxAttempts <= 1)
        {
            return null;
        }

        var config = new ServiceConfig();
        foreach (var method in ServiceCatalog.Methods)
        {
            var statuses = retry.RetryableFor(method.IsIdempotent);
            if (statuses.Count == 0 || Find(method) is not { } descriptor)
            {
                continue;
            }

            var policy = new RetryPolicy
            {
                MaxAttempts = retry.MaxAttempts,
                InitialBackoff = Positive(retry.InitialBackoff),
                MaxBackoff = Positive(retry.MaxBackoff),
                BackoffMultiplier = retry.Multiplier,
            };
            foreach (var status in statuses)
            {
                policy.RetryableStatusCodes.Add((StatusCode)(int)status);
            }

            config.MethodConfigs.Add(new MethodConfig
            {
                Names = { new MethodName { Service = descriptor.Service.FullName, Method = descriptor.Name } },
                RetryPolicy = policy,
            });
        }

        return config;
    }

    /// <summary>The .proto method of a contract method: package <c>rpclab.{service}</c>, the method's name in PascalCase.</summary>
    internal static MethodDescriptor? Find(RpcMethod method)
    {
        var name = char.ToUpperInvariant(method.Name[0]) + method.Name[1..];
        return MethodsByName.Services
            .Where(s => s.File.Package == $"rpclab.{method.Service}")
            .Select(s => s.FindMethodByName(name))
            .FirstOrDefault(m => m is not null);
    }

    // gRPC requires backoffs greater than zero.
    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.FromMilliseconds(1);
}
