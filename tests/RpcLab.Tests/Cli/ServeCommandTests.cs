using System.Diagnostics;
using RpcLab.Cli.Commands;
using RpcLab.Composition;
using RpcLab.Seminar;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Cli;

public sealed class ServeCommandTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Serve_prints_the_listening_line_serves_calls_and_stops_on_cancel()
    {
        var data = Directory.CreateTempSubdirectory("rpclab-serve-test-");
        try
        {
            var server = await InProcessServer.StartAsync(InProcessCommandLine.Instance, ["serve", "--transport", "inproc", "--port", "0", "--data", data.FullName], StartTimeout, CancellationToken.None);
            try
            {
                var call = await Cli.RunAsync(["call", "echo.reverse", "abc", "--transport", "inproc", "--port", server.Endpoint.Port.ToString()]);

                Assert.Equal("inproc", server.Endpoint.Transport);
                Assert.Equal(data.FullName, server.Endpoint.DataDirectory);
                Assert.Equal(["\"cba\""], call.OutputLines);
            }
            finally
            {
                await server.DisposeAsync();
            }

            Assert.Equal(0, await (Task<int>)server.Exited);
            Assert.Equal("rpclab inproc server stopped", server.Terminal.Lines[^1]);
            Assert.NotEmpty(Directory.EnumerateFileSystemEntries(data.FullName));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Serve_process_logs_one_line_per_call_and_stops_cleanly_on_sigterm()
    {
        var data = Directory.CreateTempSubdirectory("rpclab-serve-test-");
        try
        {
            var server = await ChildProcessServer.StartAsync(["serve", "--transport", "grpc", "--port", "0", "--data", data.FullName], StartTimeout, CancellationToken.None);
            CliResult call;
            try
            {
                call = await Cli.RunAsync(["call", "users.get", "42", "--transport", "grpc", "--port", server.Endpoint.Port.ToString()]);
                await server.Terminal.WaitForAsync(lines => lines.Any(l => l.Contains("NotFound")), StartTimeout, server.Exited, CancellationToken.None);
            }
            finally
            {
                await server.DisposeAsync();
            }

            var lines = server.Terminal.Lines;
            Assert.Equal(6, call.ExitCode);
            Assert.Equal("127.0.0.1", server.Endpoint.Host);
            Assert.Contains(lines, l => l.Contains("  /rpclab.users.Users/Get  NotFound  ") && l.EndsWith(" - " + call.Error.Trim()["error: NotFound: ".Length..]));
            Assert.Equal("rpclab grpc server stopped", lines[^1]);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Serve_for_the_lab_runner_stops_when_its_stdin_closes()
    {
        var data = Directory.CreateTempSubdirectory("rpclab-serve-test-");
        var (fileName, prefix) = RpclabProcess.CommandLine();
        var info = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in prefix.Concat(["serve", "--transport", "grpc", "--port", "0", "--data", data.FullName, "--until-stdin-closes"]))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        try
        {
            var listening = await process.StandardOutput.ReadLineAsync();
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(StartTimeout);
            await process.WaitForExitAsync(timeout.Token);
            var rest = await process.StandardOutput.ReadToEndAsync();

            Assert.True(ListeningLine.TryParse(listening, out _), listening);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("rpclab grpc server stopped", rest.Trim());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_says_so_and_fails()
    {
        await using var other = await CliServer.StartAsync("grpc");
        var data = Directory.CreateTempSubdirectory("rpclab-serve-test-");
        try
        {
            var result = await Cli.RunAsync(["serve", "--transport", "grpc", "--port", other.Port, "--data", data.FullName]);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith($"error: could not start the grpc server on 127.0.0.1:{other.Port}", result.Error);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task List_prints_every_method_with_shape_parameters_and_result()
    {
        var result = await Cli.RunAsync(["serve", "--list"]);

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.OutputLines, l => l.Contains("echo.repeat"));
        Assert.Contains("ServerStreaming", row);
        Assert.Contains("count: int", row);
        Assert.Contains("stream of string", row);
        Assert.Contains(result.OutputLines, l => l.Contains("files.upload") && l.Contains("stream of byte[]") && l.Contains("FileEntry"));
        Assert.Contains(result.OutputLines, l => l.Contains("users.delete"));
        Assert.DoesNotContain('\u001b', result.Output);
    }

    [Fact]
    public async Task List_for_jsonrpc_adds_the_wire_signatures_and_the_specification_examples()
    {
        var result = await Cli.RunAsync(["serve", "--transport", "jsonrpc", "--list"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.Contains("echo.repeat(message: string, count: integer, intervalMs: integer = 0)") && l.Contains("enumerator token"));
        Assert.Contains(result.OutputLines, l => l.Contains("subtract(minuend: number, subtrahend: number)"));
    }

    [Fact]
    public async Task Newline_framing_serves_a_plain_line_of_json_and_the_client_speaks_it_too()
    {
        var data = Directory.CreateTempSubdirectory("rpclab-serve-test-");
        try
        {
            var server = await InProcessServer.StartAsync(InProcessCommandLine.Instance, ["serve", "--transport", "jsonrpc", "--framing", "newline", "--port", "0", "--data", data.FullName], StartTimeout, CancellationToken.None);
            try
            {
                // What `printf '...\n' | nc 127.0.0.1 PORT` sends: one JSON object and a newline.
                using var socket = new System.Net.Sockets.TcpClient();
                await socket.ConnectAsync("127.0.0.1", server.Endpoint.Port);
                var stream = socket.GetStream();
                await stream.WriteAsync("{\"jsonrpc\":\"2.0\",\"method\":\"echo.reverse\",\"params\":[\"hello\"],\"id\":1}\n"u8.ToArray());
                var reply = await new StreamReader(stream).ReadLineAsync().WaitAsync(StartTimeout);
                var call = await Cli.RunAsync(["call", "echo.reverse", "abc", "--transport", "jsonrpc", "--framing", "newline", "--port", server.Endpoint.Port.ToString()]);

                Assert.Equal("{\"jsonrpc\":\"2.0\",\"result\":\"olleh\",\"id\":1}", reply);
                Assert.Equal(["\"cba\""], call.OutputLines);
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Framing_is_refused_for_transports_other_than_jsonrpc()
    {
        var result = await Cli.RunAsync(["serve", "--transport", "grpc", "--framing", "newline", "--list"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--framing applies to --transport jsonrpc only", result.Error);
    }

    [Fact]
    public void Call_log_line_has_time_peer_method_status_elapsed_and_the_error_detail()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

        var ok = CallLogLine.Format(new CallRecord("grpc", "echo.reverse", RpcStatusCode.OK, TimeSpan.FromMilliseconds(1.2), "127.0.0.1:5000", null), at);
        var failed = CallLogLine.Format(new CallRecord("grpc", "users.get", RpcStatusCode.NotFound, TimeSpan.FromMilliseconds(2), null, "no user\n999"), at);

        Assert.Equal("03:04:05.678  127.0.0.1:5000  echo.reverse  OK  1.2 ms", ok);
        Assert.Equal("03:04:05.678  -  users.get  NotFound  2.0 ms - no user | 999", failed);
    }

    [Fact]
    public void Call_log_line_cannot_be_forged_by_a_method_name_or_a_detail()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var forged = "echo.reverse  OK  0.1 ms\n03:04:05.679  127.0.0.1:1  users.delete";

        var line = CallLogLine.Format(new CallRecord("raw", forged, RpcStatusCode.NotFound, TimeSpan.FromMilliseconds(2), "127.0.0.1:5000", "no method \u001b[2J\u001b]0;owned\u0007\u202e"), at);

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\u202e', line);
        Assert.Equal(
            "03:04:05.678  127.0.0.1:5000  echo.reverse  OK  0.1 ms\\n03:04:05.679  127.0.0.1:1  users.delete  NotFound  2.0 ms - no method \\u001B[2J\\u001B]0;owned\\u0007\\u202E",
            line);
    }

    [Fact]
    public async Task Serve_help_prints_every_limit_with_its_default()
    {
        var help = await Cli.RunAsync(["serve", "--help"]);

        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--max-connections", "--max-connections-per-peer", "--message-timeout", "--idle-timeout", "--max-queued-bytes" })
        {
            Assert.Contains(option, help.Output);
        }

        Assert.Contains("[default: 1000]", help.Output);
        Assert.Contains("[default: 100]", help.Output);
        Assert.Contains("[default: 8388608]", help.Output);
    }

    [Fact]
    public void The_limits_on_the_command_line_become_the_servers_options_and_zero_turns_a_timeout_off()
    {
        var limits = new RpcLab.Cli.Options.ServerLimitOptions();
        var command = new System.CommandLine.Command("serve");
        limits.AddTo(command);

        var given = limits.Apply(new ServerOptions(), command.Parse(["--max-connections", "50", "--max-connections-per-peer", "5", "--message-timeout", "2s", "--idle-timeout", "0", "--max-queued-bytes", "65536"]));
        var defaults = limits.Apply(new ServerOptions(), command.Parse([]));

        Assert.Equal((50, 5, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan, 65536), (given.MaxConnections, given.MaxConnectionsPerPeer, given.MessageTimeout, given.IdleTimeout, given.MaxQueuedBytes));
        Assert.Equal(new ServerOptions(), defaults);
        Assert.Null(RpcLab.Cli.Options.ServerLimitOptions.DescriptorNote(new ServerOptions(), 20_000));
        Assert.Contains("at most 768 connections", RpcLab.Cli.Options.ServerLimitOptions.DescriptorNote(new ServerOptions(), 1024));
    }

    [Fact]
    public async Task Bad_port_is_refused_by_the_parser()
    {
        var result = await Cli.RunAsync(["serve", "--transport", "inproc", "--port", "70000"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--port must be between 0 and 65535", result.Error);
    }
}
