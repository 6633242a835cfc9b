using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Grpc.Protos.Original.ParallelSum;
using RpcLab.Transports.Grpc.Protos.Original.UserServices;
using RpcLab.Transports.Grpc.Server;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>The original course projects' wire contracts, served by our implementations.</summary>
public sealed class GrpcOriginalContractTests
{
    [Fact]
    public async Task ReturnSum_answers_in_the_original_text_format()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var reply = await host.Client.Invoker.UnaryAsync(OriginalParallelSumMethods.ReturnSum, new ARR1 { Arr1 = "1 2 3 4 5", Arr2 = "1 2 3 4 5" }, CallOptions.Default);
        var empty = await host.Client.Invoker.UnaryAsync(OriginalParallelSumMethods.ReturnSum, new ARR1 { Arr1 = "", Arr2 = " " }, CallOptions.Default);

        // Assert
        Assert.Equal("sum of array is : [2, 4, 6, 8, 10]", reply.Message);
        Assert.Equal("sum of array is : []", empty.Message);
    }

    [Theory]
    [InlineData("1 2 x", "1 2 3", "arr1: 'x' is not an integer")]
    [InlineData("1 2 3", "1 2.5 3", "arr2: '2.5' is not an integer")]
    [InlineData("1", "99999999999", "arr2: '99999999999' is not an integer")]
    public async Task ReturnSum_with_a_bad_number_is_invalid_argument(string arr1, string arr2, string expected)
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.Invoker.UnaryAsync(OriginalParallelSumMethods.ReturnSum, new ARR1 { Arr1 = arr1, Arr2 = arr2 }, CallOptions.Default));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.StartsWith(expected, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_original_user_client_sequence_works_on_fresh_services()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var invoker = host.Client.Invoker;
        var call = CallOptions.Default;

        // Act
        var john = await invoker.UnaryAsync(OriginalUserServiceMethods.GetUser, new GetUserRequest { Id = "1" }, call);
        var created = await invoker.UnaryAsync(OriginalUserServiceMethods.CreateUser, new CreateUserRequest { Name = "Jane Doe", Email = "jane@example.com" }, call);
        var updated = await invoker.UnaryAsync(OriginalUserServiceMethods.UpdateUser, new UpdateUserRequest { Id = "1", Name = "John Smith", Email = "john.smith@example.com" }, call);
        var deleted = await invoker.UnaryAsync(OriginalUserServiceMethods.DeleteUser, new DeleteUserRequest { Id = "1" }, call);
        var gone = await Assert.ThrowsAsync<RpcException>(() => invoker.UnaryAsync(OriginalUserServiceMethods.GetUser, new GetUserRequest { Id = "1" }, call));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => invoker.UnaryAsync(OriginalUserServiceMethods.CreateUser, new CreateUserRequest { Name = "", Email = "x@example.com" }, call));

        // Assert
        Assert.Equal(("1", "John Doe"), (john.Id, john.Name));
        Assert.Equal(new User { Id = "2", Name = "Jane Doe", Email = "jane@example.com" }, created);
        Assert.Equal(new User { Id = "1", Name = "John Smith", Email = "john.smith@example.com" }, updated);
        Assert.Equal("User 1 deleted", deleted.Message);
        Assert.Equal(RpcStatusCode.NotFound, gone.Status);
        Assert.Equal(RpcStatusCode.InvalidArgument, invalid.Status);
    }

    [Fact]
    public async Task The_original_clients_work_against_the_real_services()
    {
        // Arrange: the real implementations, as `rpclab serve` would host them.
        await using var services = ServiceHost.Create(new ServiceOptions());
        await using var server = await GrpcServer.StartAsync(services.Services, new ServerOptions());
        await using var client = GrpcClient.Create(new ClientOptions { Port = server.Port });
        var invoker = client.Invoker;
        var call = CallOptions.Default;

        // Act
        var sum = await invoker.UnaryAsync(OriginalParallelSumMethods.ReturnSum, new ARR1 { Arr1 = "1 2 3 4 5", Arr2 = "1 2 3 4 5" }, call);
        var unequal = await Assert.ThrowsAsync<RpcException>(() => invoker.UnaryAsync(OriginalParallelSumMethods.ReturnSum, new ARR1 { Arr1 = "1 2", Arr2 = "1" }, call));
        var john = await invoker.UnaryAsync(OriginalUserServiceMethods.GetUser, new GetUserRequest { Id = "1" }, call);
        var created = await invoker.UnaryAsync(OriginalUserServiceMethods.CreateUser, new CreateUserRequest { Name = "Jane Doe", Email = "jane@example.com" }, call);
        var updated = await invoker.UnaryAsync(OriginalUserServiceMethods.UpdateUser, new UpdateUserRequest { Id = "1", Name = "John Smith", Email = "john.smith@example.com" }, call);
        var deleted = await invoker.UnaryAsync(OriginalUserServiceMethods.DeleteUser, new DeleteUserRequest { Id = "1" }, call);
        var missing = await Assert.ThrowsAsync<RpcException>(() => invoker.UnaryAsync(OriginalUserServiceMethods.DeleteUser, new DeleteUserRequest { Id = "1" }, call));

        // Assert
        Assert.Equal("sum of array is : [2, 4, 6, 8, 10]", sum.Message);
        Assert.Equal(RpcStatusCode.InvalidArgument, unequal.Status);
        Assert.Equal(("1", "John Doe"), (john.Id, john.Name));
        Assert.Equal(("2", "Jane Doe"), (created.Id, created.Name));
        Assert.Equal(("1", "John Smith", "john.smith@example.com"), (updated.Id, updated.Name, updated.Email));
        Assert.Equal("User 1 deleted", deleted.Message);
        Assert.Equal(RpcStatusCode.NotFound, missing.Status);
    }
}
