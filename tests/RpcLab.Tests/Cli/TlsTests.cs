using System.Globalization;
using RpcLab.Cli.Commands;
using RpcLab.Composition;
using RpcLab.Seminar;
using RpcLab.Services.Errors;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Cli;

/// <summary>
/// <c>serve --tls</c> and <c>call --tls [--ca FILE]</c> on gRPC and REST: a client that trusts the server's self-signed
/// certificate calls it, one that does not is refused with a sentence saying what to pass, the generated certificate is
/// the same after a restart, and a server bound beyond loopback without TLS says so.
/// </summary>
public sealed class TlsTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string> TlsTransports => ["grpc", "rest"];

    [Theory]
    [MemberData(nameof(TlsTransports))]
    public async Task A_client_given_the_servers_certificate_as_ca_calls_it_and_one_without_is_refused_clearly(string transport)
    {
        using var data = new TempFolder();
        await using var server = await StartAsync(transport, data.Path, ["--tls"]);
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);
        var certificate = Path.Combine(data.Path, "tls", "server.crt");

        var trusted = await Cli.RunAsync(["call", "echo.reverse", "abc", "--transport", transport, "--port", port, "--tls", "--ca", certificate]);
        var untrusted = await Cli.RunAsync(["call", "echo.reverse", "abc", "--transport", transport, "--port", port, "--tls"]);
        var cleartext = await Cli.RunAsync(["call", "echo.reverse", "abc", "--transport", transport, "--port", port]);

        Assert.Equal((0, "\"cba\""), (trusted.ExitCode, trusted.Output.Trim()));
        Assert.Contains(server.Terminal.Lines, l => l.StartsWith($"TLS with {certificate} (self-signed, generated now; SHA-256 ", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.ForStatus(RpcStatusCode.Unavailable), untrusted.ExitCode);
        Assert.Contains("TLS handshake failed", untrusted.Error);
        Assert.Contains("--ca", untrusted.Error);
        Assert.DoesNotContain("cba", untrusted.Output);
        Assert.NotEqual(0, cleartext.ExitCode);
        Assert.DoesNotContain("cba", cleartext.Output);
    }

    [Fact]
    public async Task A_ca_file_of_another_certificate_is_refused()
    {
        using var data = new TempFolder();
        using var other = new TempFolder();
        await using (await StartAsync("grpc", other.Path, ["--tls"]))
        {
            // Only generates the other folder's certificate.
        }

        await using var server = await StartAsync("grpc", data.Path, ["--tls"]);
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var result = await Cli.RunAsync(["call", "echo.reverse", "abc", "--port", port, "--tls", "--ca", Path.Combine(other.Path, "tls", "server.crt")]);

        Assert.Equal(ExitCodes.ForStatus(RpcStatusCode.Unavailable), result.ExitCode);
        Assert.Contains("TLS handshake failed", result.Error);
    }

    [Fact]
    public async Task The_generated_certificate_is_kept_and_reused_after_a_restart()
    {
        using var data = new TempFolder();
        var certificate = Path.Combine(data.Path, "tls", "server.crt");
        byte[] first;
        await using (var server = await StartAsync("grpc", data.Path, ["--tls"]))
        {
            first = await File.ReadAllBytesAsync(certificate);
        }

        await using var again = await StartAsync("grpc", data.Path, ["--tls"]);
        var port = again.Endpoint.Port.ToString(CultureInfo.InvariantCulture);
        var call = await Cli.RunAsync(["call", "echo.reverse", "abc", "--port", port, "--tls", "--ca", certificate]);

        Assert.Equal(first, await File.ReadAllBytesAsync(certificate));
        Assert.Contains(again.Terminal.Lines, l => l.Contains("(self-signed, kept from an earlier start;", StringComparison.Ordinal));
        Assert.Equal(0, call.ExitCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, "tls", "server.key")));
        }
    }

    [Fact]
    public async Task A_certificate_file_given_with_cert_and_key_is_the_one_served()
    {
        using var data = new TempFolder();
        using var generated = new TempFolder();
        await using (await StartAsync("grpc", generated.Path, ["--tls"]))
        {
            // Only generates a certificate and key to pass as files.
        }

        var cert = Path.Combine(generated.Path, "tls", "server.crt");
        await using var server = await StartAsync("rest", data.Path, ["--cert", cert, "--key", Path.Combine(generated.Path, "tls", "server.key")]);
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var call = await Cli.RunAsync(["call", "echo.reverse", "abc", "--transport", "rest", "--port", port, "--ca", cert]);

        Assert.Equal(0, call.ExitCode);
        Assert.Contains(server.Terminal.Lines, l => l.StartsWith($"TLS with {cert} (from --cert;", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(data.Path, "tls")));
    }

    [Fact]
    public async Task A_certificate_file_that_cannot_be_read_stops_the_server_with_one_line()
    {
        using var data = new TempFolder();
        var missing = Path.Combine(data.Path, "missing.pem");

        var result = await Cli.RunAsync(["serve", "--transport", "grpc", "--port", "0", "--data", data.Path, "--cert", missing]);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains($"could not read --cert/--key from {missing}", result.Error);
        Assert.DoesNotContain("listening", result.Output);
    }

    [Fact]
    public async Task A_key_without_its_certificate_is_refused_by_the_parser()
    {
        var result = await Cli.RunAsync(["serve", "--transport", "grpc", "--key", "server.key", "--list"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--key needs --cert", result.Error);
    }

    [Theory]
    [MemberData(nameof(WireTransports))]
    public async Task A_server_bound_beyond_loopback_without_tls_says_so_in_one_line(string transport)
    {
        using var data = new TempFolder();
        var server = await StartAsync(transport, data.Path, ["--host", "*"]);
        try
        {
            var warned = await server.Terminal.WaitForAsync(
                lines => lines.Any(l => l.StartsWith($"warning: the {transport} server listens on ", StringComparison.Ordinal)), StartTimeout, server.Exited, CancellationToken.None);
            Assert.True(warned, string.Join('\n', server.Terminal.Lines));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Single(server.Terminal.Lines, l => l.Contains("without TLS or a token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("grpc", "--host", "*", "--tls")]
    [InlineData("raw", "--host", "127.0.0.1")]
    [InlineData("jsonrpc", "--host", "localhost")]
    public async Task A_server_on_loopback_or_with_tls_gives_no_warning(string transport, params string[] options)
    {
        using var data = new TempFolder();
        var server = await StartAsync(transport, data.Path, options);
        await server.DisposeAsync();

        Assert.Equal($"rpclab {transport} server stopped", server.Terminal.Lines[^1]);
        Assert.DoesNotContain(server.Terminal.Lines, l => l.Contains("without TLS", StringComparison.Ordinal));
    }

    /// <summary>Every registered transport with a wire.</summary>
    public static TheoryData<string> WireTransports => [.. TransportRegistry.All.Where(t => t.HasWire).Select(t => t.Name)];

    private static Task<InProcessServer> StartAsync(string transport, string data, string[] options) =>
        InProcessServer.StartAsync(InProcessCommandLine.Instance, ["serve", "--transport", transport, "--port", "0", "--data", data, "--quiet", .. options], StartTimeout, CancellationToken.None);
}
