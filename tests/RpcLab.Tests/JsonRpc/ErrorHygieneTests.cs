namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Nothing of .NET reaches the wire: the errors StreamJsonRpc builds inside dispatch (which carry stack traces
/// and type names in <c>error.data</c> when left alone) and a service's unexpected exception go out with the
/// specification's codes, a message a student reads, and no stack trace, exception type or internal type name.
/// </summary>
public sealed class ErrorHygieneTests
{
    public static TheoryData<string, int> DispatchErrors => new()
    {
        { """{"jsonrpc":"2.0","method":"no.such.method","params":[1],"id":1}""", -32601 },
        { """{"jsonrpc":"2.0","method":"echo.reverse","params":[42],"id":1}""", -32602 },
        { """{"jsonrpc":"2.0","method":"echo.reverse","params":[{"a":[1]}],"id":1}""", -32602 },
        { """{"jsonrpc":"2.0","method":"echo.reverse","params":["a","b"],"id":1}""", -32602 },
        { """{"jsonrpc":"2.0","method":"echo.delay","params":{"message":"a"},"id":1}""", -32602 },
        { """{"jsonrpc":"2.0","method":"sum.sum","params":[[1,"x"],[2]],"id":1}""", -32602 },
        { """{"jsonrpc":"2.0","method":"$/enumerator/next","params":["not a token"],"id":1}""", -32602 },
    };

    [Theory]
    [MemberData(nameof(DispatchErrors))]
    public async Task Errors_built_inside_dispatch_carry_no_stack_trace_and_no_type_name(string request, int code)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync(request);
        var text = await socket.ReceiveTextAsync();

        // Assert
        var error = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.False(error.TryGetProperty("data", out _), text);
        AssertNothingOfDotNet(text);
    }

    [Fact]
    public async Task An_unexpected_exception_in_a_service_is_internal_error_without_its_message()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(decorate: s => s with { Echo = new FailingEcho(s.Echo) });
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.reverse","params":["x"],"id":1}""");
        var text = await socket.ReceiveTextAsync();

        // Assert: Internal is status 13, so code -32013.
        JsonAssert.SameMeaning($$$"""{"jsonrpc":"2.0","error":{"code":-32013,"message":"internal error","data":{"status":"Internal"}},"id":1}""", System.Text.Json.JsonDocument.Parse(text).RootElement);
        AssertNothingOfDotNet(text);
    }

    private static void AssertNothingOfDotNet(string reply)
    {
        foreach (var clue in new[] { "Exception", "System.", "StreamJsonRpc", "RpcLab.", " at ", "stack", "TypeName" })
        {
            Assert.DoesNotContain(clue, reply, StringComparison.OrdinalIgnoreCase);
        }
    }
}
