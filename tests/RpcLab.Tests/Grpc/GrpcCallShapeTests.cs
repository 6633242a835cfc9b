using RpcLab.Services.Contracts;

namespace RpcLab.Tests.Grpc;

/// <summary>Every call shape of every service through our client to our server.</summary>
public sealed class GrpcCallShapeTests
{
    [Fact]
    public async Task Unary_echo_reverses_the_message()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var reply = await host.Client.Services.Echo.ReverseAsync("hello");

        // Assert
        Assert.Equal("olleh", reply);
    }
}
