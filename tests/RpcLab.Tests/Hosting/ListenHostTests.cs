using System.Net.Sockets;
using RpcLab.Measurement.Load;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Hosting;

/// <summary>
/// Every server reads <c>--host</c> through the one policy (<see cref="ListenAddress"/>): for localhost, ::1 and *
/// each transport's server, and the benchmark's TCP floor, binds every loopback the word covers, answers a call
/// on each, and reports the host its listening line prints.
/// </summary>
public sealed class ListenHostTests
{
    [Theory]
    [ListenHostData("localhost")]
    [ListenHostData("::1")]
    [ListenHostData("*")]
    public async Task The_server_binds_what_the_host_means_and_answers_on_each_loopback_it_covers(string transport, string host)
    {
        // Arrange
        await using var server = await TestServer.StartAsync(transport, new TestServerOptions { Server = new ServerOptions { Host = host } });

        // Act
        var replies = new List<string>();
        foreach (var dial in Dialled(host))
        {
            await using var client = await server.Transport.ConnectAsync(new ClientOptions { Host = dial, Port = server.Port });
            replies.Add(await client.Services.Echo.ReverseAsync(dial));
        }

        // Assert
        Assert.Equal(Printed(host), server.Host);
        Assert.Equal(Dialled(host).Select(Reversed), replies);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("*")]
    public async Task The_tcp_floor_binds_what_the_host_means_and_echoes_on_each_loopback_it_covers(string host)
    {
        await FloorAnswersAsync(host);
    }

    [Ipv6LoopbackFact]
    public async Task The_tcp_floor_binds_the_ipv6_loopback()
    {
        await FloorAnswersAsync("::1");
    }

    private static async Task FloorAnswersAsync(string host)
    {
        // Arrange
        await using var floor = TcpEchoServer.Start(host, 0);

        // Act: one round trip through each address the host covers
        foreach (var dial in Dialled(host).Where(d => d != "localhost"))
        {
            await using var client = await TcpPingPongClient.ConnectAsync(dial, floor.Port, [1, 2, 3], CancellationToken.None);
            await client.PingAsync(CancellationToken.None);
        }

        // Assert
        Assert.Equal(Printed(host), floor.Host);
    }

    // Where a client on this machine reaches a server told to listen on host: every loopback it covers, and the name.
    private static IReadOnlyList<string> Dialled(string host) => host switch
    {
        "localhost" => [.. Ipv6Loopback.Dialable, "localhost"],
        "::1" => ["::1"],
        _ => Ipv6Loopback.Available && Socket.OSSupportsIPv6 ? Ipv6Loopback.Dialable : ["127.0.0.1"],
    };

    // What the listening line says for host.
    private static string Printed(string host) => host switch
    {
        "*" => Socket.OSSupportsIPv6 ? "::" : "0.0.0.0",
        _ => host,
    };

    private static string Reversed(string text) => new([.. text.Reverse()]);
}
