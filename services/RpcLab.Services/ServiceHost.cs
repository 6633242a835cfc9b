using RpcLab.Services.Contracts;

namespace RpcLab.Services;

/// <summary>
/// Builds and owns the service implementations of one server (its SQLite connection,
/// its job workers, its temporary folder). Dispose it when the server stops.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(ServiceSet services) => Services = services;

    public ServiceSet Services { get; }

    // SKELETON: the services issue replaces this with the real implementations.
    public static ServiceHost Create(ServiceOptions options) =>
        throw new NotImplementedException("services are being written");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
