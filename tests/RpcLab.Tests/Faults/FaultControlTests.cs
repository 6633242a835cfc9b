using System.Net.Sockets;
using System.Text;
using RpcLab.Network.Faults;

namespace RpcLab.Tests.Faults;

/// <summary>The proxy's control port: commands change the plan while it runs, wrong ones get an error and the connection goes on.</summary>
public sealed class FaultControlTests
{
    [Fact]
    public async Task Commands_change_faults_while_the_proxy_runs()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await FaultProxy.StartAsync(new FaultProxyOptions { UpstreamHost = "127.0.0.1", UpstreamPort = server.Port, Plan = FaultWords.Apply(FaultPlan.None, ["frames=raw"]) });
        await using var control = FaultControl.Start(proxy, 0);
        using var socket = new TcpClient();
        await socket.ConnectAsync(control.Host, control.Port);
        using var reader = new StreamReader(socket.GetStream());
        var writer = socket.GetStream();
        async Task<string> AskAsync(string line)
        {
            await writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            return (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)))!;
        }

        Assert.Equal("ok seed=0 frames=raw up.latency=5ms down.latency=5ms", await AskAsync("set latency=5ms"));
        Assert.Equal("ok request-lost at request 1", await AskAsync("next request-lost"));
        Assert.StartsWith("error unknown command 'wobble'", await AskAsync("wobble"), StringComparison.Ordinal);
        Assert.StartsWith("error 'loss=2': a probability", await AskAsync("set loss=2"), StringComparison.Ordinal);
        Assert.Equal($"error a command is at most {FaultControl.MaxLineBytes} bytes", await AskAsync(new string('x', FaultControl.MaxLineBytes + 10)));

        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        await client.SendAsync("lost");
        await client.SendAsync("kept");
        Assert.Equal("kept", await client.ReadAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("ok connections=1 requests=2 replies=1 partitioned=no faults=1", await AskAsync("status"));
        Assert.Contains("request-lost (conn 1 request 1): 8 bytes dropped", await AskAsync("log"), StringComparison.Ordinal);
        Assert.Equal("ok 1 events from 0", await reader.ReadLineAsync());
        Assert.Equal("ok partitioned for 2000 ms", await AskAsync("partition 2s"));
        Assert.True(proxy.IsPartitioned);
        Assert.Equal("ok healed", await AskAsync("heal"));
        Assert.False(proxy.IsPartitioned);
        Assert.Equal("ok seed=0 frames=raw", await AskAsync("clear"));
    }
}
