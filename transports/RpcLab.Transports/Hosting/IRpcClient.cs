using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// A connection to a server. <see cref="Services"/> are proxies that turn each call into a message on
/// the wire; failures surface as <see cref="Services.Errors.RpcException"/> with the server's status.
/// Thread-safe: calls may be made concurrently.
/// </summary>
public interface IRpcClient : IAsyncDisposable
{
    string Transport { get; }

    /// <summary>The services with the client's default call options.</summary>
    ServiceSet Services { get; }

    /// <summary>The same services, each call made with <paramref name="options"/> (for example a deadline).</summary>
    ServiceSet With(CallOptions options);
}
