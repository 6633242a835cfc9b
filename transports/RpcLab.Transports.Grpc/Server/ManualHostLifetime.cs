using Microsoft.Extensions.Hosting;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// Replaces the default console lifetime, which would take over Ctrl+C and SIGTERM and stop Kestrel behind the
/// back of whoever owns the <see cref="GrpcServer"/>. The owner stops the server by disposing it. Thread-safe.
/// </summary>
internal sealed class ManualHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
