using RpcLab.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Reliability;

/// <summary>A server of one transport on a loopback port 0, over fresh services in a throwaway data folder. Dispose stops it and deletes the folder.</summary>
internal sealed class ProbeServer : IAsyncDisposable
{
    private readonly ServiceHost _host;
    private readonly DirectoryInfo _data;

    private ProbeServer(IRpcTransport transport, ServiceHost host, DirectoryInfo data, IRpcServer server)
    {
        Transport = transport;
        _host = host;
        _data = data;
        Server = server;
    }

    public IRpcTransport Transport { get; }

    public IRpcServer Server { get; }

    public ClientOptions Client => new() { Host = "127.0.0.1", Port = Server.Port };

    public static async Task<ProbeServer> StartAsync(IRpcTransport transport, Func<ServerOptions, ServerOptions>? configure, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("rpclab-reliability-");
        var host = ServiceHost.Create(new ServiceOptions { DataDirectory = data.FullName });
        try
        {
            var options = new ServerOptions { Host = "127.0.0.1", Port = 0 };
            var server = await transport.StartServerAsync(host.Services, configure?.Invoke(options) ?? options, cancellationToken).ConfigureAwait(false);
            return new ProbeServer(transport, host, data, server);
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
