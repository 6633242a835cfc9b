using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Grpc;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// Server reflection and the standard health service, asked with the clients grpcurl, Postman and Evans use
/// (Grpc.Reflection's and Grpc.HealthCheck's), on a plain channel with no knowledge of our .proto files.
/// </summary>
public sealed class GrpcDiscoveryTests
{
    [Fact]
    public async Task Reflection_lists_every_service_ours_and_the_originals()
    {
        // Act
        var reply = await AskReflectionAsync(new ServerReflectionRequest { ListServices = string.Empty });
        var services = reply.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();

        // Assert
        Assert.Superset(
            new HashSet<string>
            {
                "rpclab.echo.Echo", "rpclab.sum.ParallelSum", "rpclab.users.Users", "rpclab.files.Files", "rpclab.compute.Compute",
                "ParallelSum.ParallelSum", "userservices.UserService",
                "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection",
            },
            services);
    }

    [Fact]
    public async Task Reflection_describes_a_service_well_enough_to_call_it_without_the_proto()
    {
        // Act
        var reply = await AskReflectionAsync(new ServerReflectionRequest { FileContainingSymbol = "userservices.UserService" });
        var file = FileDescriptorProto.Parser.ParseFrom(reply.FileDescriptorResponse.FileDescriptorProto[0]);

        // Assert
        var service = Assert.Single(file.Service);
        Assert.Equal("userservices", file.Package);
        Assert.Equal(["createUser", "updateUser", "deleteUser", "getUser"], service.Method.Select(m => m.Name));
        Assert.Equal(".userservices.GetUserRequest", service.Method.Single(m => m.Name == "getUser").InputType);
    }

    [Fact]
    public async Task The_health_service_says_the_server_is_serving()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new GrpcTransport());
        using var channel = GrpcChannel.ForAddress($"http://{server.Host}:{server.Port}");

        // Act
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        // Assert
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    /// <summary>One question to the reflection service of a fresh server, on a plain channel, and its one answer.</summary>
    private static async Task<ServerReflectionResponse> AskReflectionAsync(ServerReflectionRequest request)
    {
        await using var server = await TestServer.StartAsync(new GrpcTransport());
        using var channel = GrpcChannel.ForAddress($"http://{server.Host}:{server.Port}");
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the reflection service did not answer");
        return call.ResponseStream.Current;
    }
}
