using System.Globalization;
using RpcLab.Composition;
using RpcLab.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Cli;

/// <summary>A server of the named transport on port 0 over fresh in-memory services, for the CLI to call. Disposing stops it.</summary>
public sealed class CliServer : IAsyncDisposable
{
    private readonly ServiceHost _host;
    private readonly IRpcServer _server;

    private CliServer(string transport, ServiceHost host, IRpcServer server)
    {
        Transport = transport;
        _host = host;
        _server = server;
    }

    public string Transport { get; }

    public string Port => _server.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The options that point a command at this server.</summary>
    public string[] Endpoint => ["--transport", Transport, "--port", Port];

    public static async Task<CliServer> StartAsync(string transport)
    {
        var host = ServiceHost.Create(new ServiceOptions());
        try
        {
            var server = await TransportRegistry.Get(transport).StartServerAsync(host.Services, new ServerOptions { Port = 0 });
            return new CliServer(transport, host, server);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _host.DisposeAsync();
    }
}
