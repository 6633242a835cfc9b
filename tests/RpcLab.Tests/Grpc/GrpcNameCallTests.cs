using RpcLab.Tests.Cli;
using RpcLab.Transports.Grpc.Client;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// <c>rpclab call package.Service/Method '{json}'</c>: any method of the compiled protos by its gRPC name, as Lab 1's
/// task calls a method that is only in echo.proto and the adapter.
/// </summary>
public sealed class GrpcNameCallTests
{
    [Fact]
    public async Task A_unary_method_is_called_by_its_grpc_name_with_a_json_request()
    {
        // Arrange
        await using var server = await CliServer.StartAsync("grpc");

        // Act
        var result = await Cli.Cli.RunAsync(["call", "rpclab.echo.Echo/Reverse", """{"message": "hello"}""", .. server.Endpoint]);

        // Assert
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["""{ "message": "olleh" }"""], result.OutputLines);
    }

    [Fact]
    public async Task Stream_shapes_take_one_json_argument_per_message_and_print_one_line_per_reply()
    {
        // Arrange
        await using var server = await CliServer.StartAsync("grpc");

        // Act
        var collect = await Cli.Cli.RunAsync(["call", "rpclab.echo.Echo/Collect", """{"message": "a"}""", """{"message": "b"}""", .. server.Endpoint]);
        var repeat = await Cli.Cli.RunAsync(["call", "/rpclab.echo.Echo/Repeat", """{"message": "hi", "count": 2}""", .. server.Endpoint]);
        var chat = await Cli.Cli.RunAsync(["call", "rpclab.echo.Echo/Chat", """{"message": "ab"}""", """{"message": "cd"}""", .. server.Endpoint]);

        // Assert
        Assert.Equal(["""{ "message": "a b" }"""], collect.OutputLines);
        Assert.Equal(["""{ "message": "hi #1" }""", """{ "message": "hi #2" }"""], repeat.OutputLines);
        Assert.Equal(["""{ "message": "ba" }""", """{ "message": "dc" }"""], chat.OutputLines);
    }

    [Fact]
    public async Task The_original_contracts_are_called_by_their_names_too_and_errors_keep_their_exit_code()
    {
        // Arrange
        await using var server = await CliServer.StartAsync("grpc");

        // Act
        var john = await Cli.Cli.RunAsync(["call", "userservices.UserService/getUser", """{"id": "1"}""", .. server.Endpoint]);
        var missing = await Cli.Cli.RunAsync(["call", "userservices.UserService/getUser", """{"id": "99"}""", .. server.Endpoint]);

        // Assert
        Assert.Equal(["""{ "id": "1", "name": "John Doe", "email": "john.doe@example.com" }"""], john.OutputLines);
        Assert.Equal(6, missing.ExitCode);
        Assert.StartsWith("error: NotFound: ", missing.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rpclab.echo.Echo/NoSuchMethodOfAnyLab", """{"message": "x"}""", "no method 'rpclab.echo.Echo/NoSuchMethodOfAnyLab'")]
    [InlineData("rpclab.echo.Echo/Reverse", "not json", "takes rpclab.echo.EchoRequest as JSON")]
    [InlineData("rpclab.echo.Echo/Reverse", """{"nope": 1}""", "takes rpclab.echo.EchoRequest as JSON")]
    public async Task A_wrong_name_or_request_is_a_command_line_error(string name, string request, string expected)
    {
        // Arrange
        await using var server = await CliServer.StartAsync("grpc");

        // Act
        var result = await Cli.Cli.RunAsync(["call", name, request, .. server.Endpoint]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grpc_name_on_another_transport_says_to_use_grpc()
    {
        // Arrange
        await using var server = await CliServer.StartAsync("jsonrpc");

        // Act
        var result = await Cli.Cli.RunAsync(["call", "rpclab.echo.Echo/Reverse", """{"message": "x"}""", .. server.Endpoint]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--transport grpc", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_compiled_protos_are_found_without_a_list_to_keep()
    {
        // Act
        var names = MethodsByName.Services.Select(s => s.FullName);

        // Assert
        Assert.Equal(["ParallelSum.ParallelSum", "rpclab.compute.Compute", "rpclab.echo.Echo", "rpclab.files.Files", "rpclab.sum.ParallelSum", "rpclab.users.Users", "userservices.UserService"], names);
    }
}
