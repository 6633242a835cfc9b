using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Composition;

/// <summary>
/// A server of one transport in this process on a loopback port 0, over fresh services in a throwaway data folder
/// (optionally decorated, to watch or hook what the services do): what <c>rpclab reliability</c> probes and
/// <c>rpclab faults</c> puts a fault proxy in front of. Dispose stops it and deletes the folder.
/// </summary>
public sealed class ScratchServer : IAsyncDisposable
{
    private readonly ServiceHost _host;
    private readonly DirectoryInfo _data;

    private ScratchServer(IRpcTransport transport, ServiceHost host, DirectoryInfo data, IRpcServer server)
    {
        Transport = transport;
        _host = host;
        _data = data;
        Server = server;
    }

    public IRpcTransport Transport { get; }

    public IRpcServer Server { get; }

    /// <summary>The services as their implementations hold them (undecorated), to check what a client's calls did.</summary>
    public ServiceSet Services => _host.Services;

    public ClientOptions Client => new() { Host = "127.0.0.1", Port = Server.Port };

    /// <summary>
    /// Starts <paramref name="transport"/>'s server over fresh services; <paramref name="configure"/> changes the server's
    /// options, <paramref name="decorate"/> wraps the services it serves.
    /// </summary>
    public static async Task<ScratchServer> StartAsync(IRpcTransport transport, Func<ServerOptions, ServerOptions>? configure, CancellationToken cancellationToken, Func<ServiceSet, ServiceSet>? decorate = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var data = Directory.CreateTempSubdirectory("rpclab-scratch-");
        var host = ServiceHost.Create(new ServiceOptions { DataDirectory = data.FullName });
        try
        {
            var options = new ServerOptions { Host = "127.0.0.1", Port = 0 };
            var services = decorate?.Invoke(host.Services) ?? host.Services;
            var server = await transport.StartServerAsync(services, configure?.Invoke(options) ?? options, cancellationToken).ConfigureAwait(false);
            return new ScratchServer(transport, host, data, server);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            data.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>True when a normal call is answered right within <paramref name="timeout"/>: the server is alive and serving.</summary>
    public async Task<bool> ServesAsync(TimeSpan timeout)
    {
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            await using var client = await Transport.ConnectAsync(Client, deadline.Token).ConfigureAwait(false);
            return await client.Services.Echo.ReverseAsync("still here", deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false) == "ereh llits";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held: the temp folder's owner cleans it.
        }
    }
}
