using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Grpc;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Protos.Original.ParallelSum;
using RpcLab.Transports.Grpc.Protos.Original.UserServices;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// The original course projects' wire contracts, served by our implementations and called through their own
/// generated clients: they accept what the original servers accepted and refuse what they refused.
/// </summary>
public sealed class GrpcOriginalContractTests
{
    [Fact]
    public async Task ReturnSum_answers_in_the_original_text_format()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var sum = new ParallelSum.ParallelSumClient(host.Client.CallInvoker);

        // Act
        var reply = await sum.ReturnSumAsync(new ARR1 { Arr1 = "1 2 3 4 5", Arr2 = "1 2 3 4 5" });
        var empty = await sum.ReturnSumAsync(new ARR1 { Arr1 = "", Arr2 = " " });

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
        var sum = new ParallelSum.ParallelSumClient(host.Client.CallInvoker);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () => await sum.ReturnSumAsync(new ARR1 { Arr1 = arr1, Arr2 = arr2 }));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.StartsWith(expected, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_original_user_client_sequence_works_on_the_real_services()
    {
        // Arrange: the real implementations, as `rpclab serve` hosts them.
        await using var server = await RealServer.StartAsync();
        var users = server.OriginalUsers;

        // Act
        var john = await users.getUserAsync(new GetUserRequest { Id = "1" });
        var created = await users.createUserAsync(new CreateUserRequest { Name = "Jane Doe", Email = "jane@example.com" });
        var updated = await users.updateUserAsync(new UpdateUserRequest { Id = "1", Name = "John Smith", Email = "john.smith@example.com" });
        var deleted = await users.deleteUserAsync(new DeleteUserRequest { Id = "1" });
        var gone = await Assert.ThrowsAsync<RpcException>(async () => await users.getUserAsync(new GetUserRequest { Id = "1" }));
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await users.deleteUserAsync(new DeleteUserRequest { Id = "1" }));

        // Assert
        Assert.Equal(new User { Id = "1", Name = "John Doe", Email = "john.doe@example.com" }, john);
        Assert.Equal(new User { Id = "2", Name = "Jane Doe", Email = "jane@example.com" }, created);
        Assert.Equal(new User { Id = "1", Name = "John Smith", Email = "john.smith@example.com" }, updated);
        Assert.Equal("User 1 deleted", deleted.Message);
        Assert.Equal(RpcStatusCode.NotFound, gone.Status);
        Assert.Equal(RpcStatusCode.NotFound, missing.Status);
    }

    [Theory]
    [InlineData("john.updated", "John Updated")]
    [InlineData("", "")]
    [InlineData("  spaced  ", "  Spaced  ")]
    public async Task UpdateUser_stores_any_name_and_email_as_the_original_did(string email, string name)
    {
        // Arrange
        await using var server = await RealServer.StartAsync();

        // Act
        var updated = await server.OriginalUsers.updateUserAsync(new UpdateUserRequest { Id = "1", Name = name, Email = email });
        var seenThroughOurContract = await server.Client.Services.Users.GetAsync("1");

        // Assert: stored as given, and the same user through rpclab.users.Users.
        Assert.Equal(new User { Id = "1", Name = name, Email = email }, updated);
        Assert.Equal(new RpcLab.Services.Contracts.User("1", name, email), seenThroughOurContract);
    }

    [Theory]
    [InlineData("", "x@example.com")]
    [InlineData("Jane", "")]
    public async Task CreateUser_refuses_an_empty_name_or_email_as_the_original_did(string name, string email)
    {
        // Arrange
        await using var server = await RealServer.StartAsync();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.OriginalUsers.createUserAsync(new CreateUserRequest { Name = name, Email = email }));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
    }

    [Fact]
    public async Task CreateUser_accepts_an_email_without_an_at_sign_as_the_original_did()
    {
        // Arrange
        await using var server = await RealServer.StartAsync();

        // Act
        var created = await server.OriginalUsers.createUserAsync(new CreateUserRequest { Name = "Jane", Email = "jane" });

        // Assert
        Assert.Equal(new User { Id = "2", Name = "Jane", Email = "jane" }, created);
    }

    [Fact]
    public async Task Our_users_contract_keeps_its_own_rule_on_the_same_server()
    {
        // Arrange
        await using var server = await RealServer.StartAsync();

        // Act
        var update = await Assert.ThrowsAsync<RpcException>(() => server.Client.Services.Users.UpdateAsync("1", "John", "john.updated"));
        var create = await Assert.ThrowsAsync<RpcException>(() => server.Client.Services.Users.CreateAsync("Jane", "jane"));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, update.Status);
        Assert.Equal(RpcStatusCode.InvalidArgument, create.Status);
        Assert.Equal("john.doe@example.com", (await server.Client.Services.Users.GetAsync("1")).Email);
    }

    [Fact]
    public async Task A_user_created_through_our_contract_is_served_by_the_original_contract()
    {
        // Arrange
        await using var server = await RealServer.StartAsync();

        // Act
        var created = await server.Client.Services.Users.CreateAsync("Ada", "ada@example.com");
        var fetched = await server.OriginalUsers.getUserAsync(new GetUserRequest { Id = created.Id });

        // Assert
        Assert.Equal(new User { Id = created.Id, Name = "Ada", Email = "ada@example.com" }, fetched);
    }

    /// <summary>A gRPC server over the real services (fresh, in memory) with our client and the original user-service client.</summary>
    private sealed class RealServer(TestServer server) : IAsyncDisposable
    {
        public IRpcClient Client => server.Client;

        public UserService.UserServiceClient OriginalUsers { get; } = new(((GrpcClient)server.Client).CallInvoker);

        public static async Task<RealServer> StartAsync() =>
            new(await TestServer.StartAsync(new GrpcTransport(), new TestServerOptions { Client = new ClientOptions() }));

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}
