using BenchmarkDotNet.Attributes;
using RpcLab.Services.Contracts;

namespace RpcLab.Bench.Harness;

/// <summary>
/// A benchmark over one transport: each derived class names its transports with a <c>[ParamsSource]</c>
/// <c>Transport</c> of its own (the calls differ in what a transport must be able to do), starts the server in
/// its global setup through <see cref="StartAsync"/>, and this stops it.
/// </summary>
public abstract class TransportBenchmark
{
    private BenchServer? _server;

    /// <summary>Starts a server of <paramref name="transport"/> and a client; returns the client's services.</summary>
    protected async Task<ServiceSet> StartAsync(string transport)
    {
        _server = await BenchServer.StartAsync(BenchTransports.Get(transport));
        return _server.Services;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        await CleanupMoreAsync();
    }

    /// <summary>What else a benchmark started in its setup.</summary>
    protected virtual Task CleanupMoreAsync() => Task.CompletedTask;
}
