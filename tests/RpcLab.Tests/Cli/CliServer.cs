using System.Globalization;
using RpcLab.Composition;
using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Cli;

/// <summary>A server of the named transport on port 0 over fresh in-memory services, for the CLI to call. Disposing stops it.</summary>
public sealed class CliServer : IAsyncDisposable
{
    private readonly ServiceHost _host;
    private readonly IRpcServer _server;
    private int _disposed;

    private CliServer(string transport, ServiceHost host, IRpcServer server)
    {
        Transport = transport;
        _host = host;
        _server = server;
    }

    public string Transport { get; }

    public string Port => _server.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The server's own services, to see what a client did without going through a wire.</summary>
    public ServiceSet Services => _host.Services;

    /// <summary>The options that point a command at this server.</summary>
    public string[] Endpoint => ["--transport", Transport, "--port", Port];

    /// <param name="transport">The transport's name.</param>
    /// <param name="dataDirectory">A data folder to keep (a restart test starts a second server on it), or null for a throwaway one.</param>
    /// <param name="port">0 for any free port; a port a stopped server of the same test had, to start it again.</param>
    public static async Task<CliServer> StartAsync(string transport, string? dataDirectory = null, int port = 0)
    {
        var host = ServiceHost.Create(new ServiceOptions { DataDirectory = dataDirectory });
        try
        {
            var server = await TransportRegistry.Get(transport).StartServerAsync(host.Services, new ServerOptions { Port = port });
            return new CliServer(transport, host, server);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server; a second call does nothing (a restart test stops it early and again in its finally).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _server.DisposeAsync();
        await _host.DisposeAsync();
    }
}
