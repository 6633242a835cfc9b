using System.Text.Json;
using RpcLab.Tests.Interop;

namespace RpcLab.Tests.Wire;

/// <summary><c>rpclab wire</c> as a user runs it.</summary>
public sealed class WireCommandTests
{
    [Fact]
    public async Task Grpc_shows_the_captured_prefix_and_protobuf_the_path_and_the_status()
    {
        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "grpc"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("00 00 00 00 07 0a 05 68 65 6c 6c 6f", result.Output, StringComparison.Ordinal);
        Assert.Contains(":path: /rpclab.echo.Echo/Reverse", result.Output, StringComparison.Ordinal);
        Assert.Contains("grpc-status: 0", result.Output, StringComparison.Ordinal);
        Assert.Contains("result: \"olleh\"", result.Output, StringComparison.Ordinal);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Port_reaches_a_server_that_is_not_ours()
    {
        await using var server = await PythonGrpcServer.StartAsync();

        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "grpc", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(result.ExitCode == 0, result.Error + server.Describe());
        Assert.Contains($"server 127.0.0.1:{server.Port};", result.Output, StringComparison.Ordinal);
        Assert.Contains("00 00 00 00 07 0a 05 68 65 6c 6c 6f", result.Output, StringComparison.Ordinal);
        Assert.Contains("00 00 00 00 07 0a 05 6f 6c 6c 65 68", result.Output, StringComparison.Ordinal);
        Assert.Contains(":path: /rpclab.echo.Echo/Reverse", result.Output, StringComparison.Ordinal);
        Assert.Contains("grpc-status: 0", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_compares_every_transport_with_a_wire_in_markdown()
    {
        // --framing is JSON-RPC's own option: with all, JSON-RPC takes it and the others run as they are.
        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "all", "--format", "md", "--framing", "newline"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("  newline framing", Lines(result.Output));
        Assert.DoesNotContain("  Content-Length framing", Lines(result.Output));
        Assert.Contains("rpyc REPLY seq 3", result.Output, StringComparison.Ordinal);
        foreach (var transport in new[] { "grpc", "rest", "jsonrpc", "zerorpc", "raw", "rpyc" })
        {
            Assert.Contains($"## echo.reverse over {transport}", result.Output, StringComparison.Ordinal);
            Assert.Contains($"| {transport} | ", result.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("over inproc", result.Output, StringComparison.Ordinal);
        Assert.Contains("| transport | bytes sent | bytes received |", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("content-length", "Content-Length framing", "newline framing")]
    [InlineData("newline", "newline framing", "Content-Length framing")]
    public async Task Jsonrpc_framing_is_the_one_serve_and_call_take(string framing, string shown, string absent)
    {
        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "jsonrpc", "--framing", framing]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"  {shown}", Lines(result.Output));
        Assert.DoesNotContain($"  {absent}", Lines(result.Output));
        Assert.Contains("result: \"olleh\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Framing_with_a_transport_that_does_not_declare_it_is_refused()
    {
        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "grpc", "--framing", "newline"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--framing applies to --transport jsonrpc only, not to grpc", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rpyc_shows_frames_messages_and_brine_values()
    {
        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "rpyc"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("rpyc REQUEST seq 3 CALLATTR \"reverse\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("VALUE str(5) \"olleh\"", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("undecoded", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_format_is_one_document_with_hex_and_notes()
    {
        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "raw", "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var call = JsonDocument.Parse(result.Output).RootElement.GetProperty("calls")[0];
        Assert.Equal("raw", call.GetProperty("transport").GetString());
        Assert.Equal("00000080", call.GetProperty("messages")[0].GetProperty("parts")[0].GetProperty("hex").GetString());
        Assert.Equal(1, call.GetProperty("summary").GetProperty("roundTripsBeforeAnswer").GetInt32());
    }

    [Fact]
    public async Task A_failed_call_still_shows_its_bytes_and_exits_with_its_status()
    {
        var result = await Cli.Cli.RunAsync(["wire", "users.get", "999", "--transport", "grpc"]);

        Assert.Equal(1 + 5, result.ExitCode);
        Assert.Contains("grpc-status: 5", result.Output, StringComparison.Ordinal);
        Assert.Contains("error: grpc: NotFound", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_Unavailable_and_says_why()
    {
        int closed;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "raw", "--port", closed.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(1 + 14, result.ExitCode);
        Assert.Contains($"the relay could not connect to 127.0.0.1:{closed}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_with_all_is_a_command_line_mistake()
    {
        var result = await Cli.Cli.RunAsync(["wire", "echo.reverse", "hello", "--transport", "all", "--port", "50051"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--port names one server", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_method_starts_nothing()
    {
        var result = await Cli.Cli.RunAsync(["wire", "echo.nope", "--transport", "grpc"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    // The printed lines; a part's layer is a line of its own, indented by two ("  newline framing").
    private static List<string> Lines(string output) => [.. output.Split('\n').Select(l => l.TrimEnd('\r'))];
}
