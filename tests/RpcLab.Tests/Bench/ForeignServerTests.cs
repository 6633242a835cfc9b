using RpcLab.Composition;
using RpcLab.Measurement.Load;
using RpcLab.Tests.Interop;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Bench;

public sealed class ForeignServerTests
{
    public static TheoryData<string> Names => [.. ForeignServers.All.Select(f => f.Name)];

    /// <summary>
    /// Each foreign server the sweep loads starts, says where it listens and answers the sweep's call through
    /// our client of its transport. Skipped when the peer is not installed, unless peers are required (CI).
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public async Task AForeignServerAnswersTheSweepsCallThroughOurClient(string name)
    {
        var foreign = ForeignServers.All.Single(f => f.Name == name);
        if (!TransportRegistry.Names.Contains(foreign.Transport))
        {
            return; // Its transport is not built yet: the sweep leaves it out too.
        }

        if (foreign.Problem is { } problem)
        {
            Assert.False(Peers.Required, $"{name}: {problem}");
            return;
        }

        var transport = TransportRegistry.Get(foreign.Transport);
        await using var server = await foreign.StartAsync(CancellationToken.None);
        await using var client = await transport.ConnectAsync(new ClientOptions { Host = "127.0.0.1", Port = server.Port });

        Assert.Equal(SmallCall.Reply, await client.Services.Echo.ReverseAsync(SmallCall.Message));
    }

    /// <summary>
    /// The JSON-RPC and REST yardsticks are read only at 1, 16 and 64 callers (the adapters' aims), so the sweep loads
    /// them no higher, and a whole <c>bench all</c> grows by less; the gRPC one keeps every concurrency (its collapse is reported).
    /// </summary>
    [Fact]
    public void TheSweepLoadsTheJsonRpcAndRestYardsticksOnlyUpTo64Callers()
    {
        var options = new SweepOptions
        {
            Transports = [.. new[] { "grpc", "jsonrpc", "rest" }.Select(TransportRegistry.Get)],
            Concurrency = [1, 4, 16, 64, 256],
            Baselines = false,
        };

        var targets = LoadSweep.Targets(options).ToDictionary(t => t.Label);

        Assert.Equal([1, 4, 16, 64], targets["jsonrpc (streamjsonrpc-bare)"].ConcurrencyOf(options.Concurrency));
        Assert.Equal([1, 4, 16, 64], targets["rest (transcoding-bare)"].ConcurrencyOf(options.Concurrency));
        Assert.Equal([1, 4, 16, 64, 256], targets["grpc (grpc-dotnet-bare)"].ConcurrencyOf(options.Concurrency));
        Assert.Equal([1, 4, 16, 64, 256], targets["jsonrpc"].ConcurrencyOf(options.Concurrency));
    }
}
