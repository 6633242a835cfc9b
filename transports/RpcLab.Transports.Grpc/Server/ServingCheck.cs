using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// What the standard health service reports: SERVING while the server takes calls, NOT_SERVING once it has begun to
/// stop (so a load balancer or a watching client moves away first). Thread-safe.
/// </summary>
internal sealed class ServingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("the server is stopping")
            : HealthCheckResult.Healthy());
}
