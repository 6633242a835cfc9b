using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Infrastructure;

/// <summary>How <see cref="TestServer"/> builds what it starts. Immutable.</summary>
public sealed record TestServerOptions
{
    /// <summary>The options of the fresh <see cref="ServiceHost"/> behind the server.</summary>
    public ServiceOptions Services { get; init; } = new();

    /// <summary>
    /// When true the services keep their data in a fresh folder (SQLite users with the seeded user "1", as
    /// the original clients expect), deleted on dispose; otherwise in memory.
    /// </summary>
    public bool FreshDataDirectory { get; init; }

    /// <summary>What the server exposes, given the host's services: some wrapped, or all replaced (fakes).</summary>
    public Func<ServiceSet, ServiceSet>? Decorate { get; init; }

    /// <summary>The server's options; the port is always 0, and the call log always also goes to <see cref="TestServer.Calls"/>.</summary>
    public ServerOptions Server { get; init; } = new();

    /// <summary>When set, a client connected with these options (host and port filled in) is <see cref="TestServer.Client"/>.</summary>
    public ClientOptions? Client { get; init; }
}
