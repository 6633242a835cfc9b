using RpcLab.Cli.Commands;
using RpcLab.Seminar;

namespace RpcLab.Tests.Cli;

/// <summary><c>serve --quiet</c>: the listening and stopped lines, and no line per call, on every transport.</summary>
public sealed class ServeQuietTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Quiet_serves_calls_without_printing_a_line_for_each(string transport)
    {
        var data = Directory.CreateTempSubdirectory("rpclab-serve-quiet-");
        try
        {
            var server = await InProcessServer.StartAsync(InProcessCommandLine.Instance, ["serve", "--transport", transport, "--port", "0", "--data", data.FullName, "--quiet"], StartTimeout, CancellationToken.None);
            CliResult ok, failed;
            try
            {
                var port = server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                ok = await Cli.RunAsync(["call", "echo.reverse", "abc", "--transport", transport, "--port", port]);
                failed = await Cli.RunAsync(["call", "users.get", "42", "--transport", transport, "--port", port]);
            }
            finally
            {
                await server.DisposeAsync();
            }

            Assert.Equal(0, await (Task<int>)server.Exited);
            Assert.Equal(["\"cba\""], ok.OutputLines);
            Assert.Equal(6, failed.ExitCode);
            var lines = server.Terminal.Lines;
            Assert.StartsWith($"rpclab {transport} server listening on ", lines[0], StringComparison.Ordinal);
            Assert.Equal($"rpclab {transport} server stopped", lines[^1]);
            Assert.DoesNotContain(lines, l => l.Contains("reverse", StringComparison.OrdinalIgnoreCase) || l.Contains("NotFound", StringComparison.Ordinal));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
