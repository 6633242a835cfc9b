using CliRunner = RpcLab.Tests.Cli.Cli;
using RpcLab.Measurement.Load;
using RpcLab.Measurement.Results;
using RpcLab.Tests.Interop;

namespace RpcLab.Tests.Bench;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task ALoadSweepRunsTheFloorInAChildServerAndTheBaselineAndWritesResultsThatParse()
    {
        var folder = Directory.CreateTempSubdirectory("rpclab-bench-load-").FullName;
        try
        {
            var csv = Path.Combine(folder, "load.csv");

            var result = await CliRunner.RunAsync(["bench", "load", "--transport", "inproc", "--concurrency", "1,2", "--duration", "200ms", "--warmup", "0s", "--server-warmup", "0s", "--no-foreign", "--out", csv]);

            Assert.True(result.ExitCode == 0, result.ToString());
            var rows = LoadCsv.Read(File.ReadAllText(csv), csv);
            Assert.Equal([(LoadServers.FloorTransport, 1), (LoadServers.FloorTransport, 2), ("inproc", 1), ("inproc", 2)], rows.Select(r => (r.Transport, r.Concurrency)));
            Assert.All(rows, r => Assert.True(r.Requests > 0 && r.Errors == 0, $"{r.Label}: {r.Requests} calls, {r.Errors} errors {r.FirstError}"));
            var info = RunInfo.FromJson(File.ReadAllText(Path.Combine(folder, "load.json")), "load.json");
            Assert.StartsWith("rpclab bench load --transport inproc --concurrency 1,2", info.Command, StringComparison.Ordinal);
            Assert.Contains("tcp-floor c=2:", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--concurrency", "0", "--concurrency must be a comma-separated list of whole numbers from 1")]
    [InlineData("--concurrency", "1,x", "--concurrency must be a comma-separated list")]
    [InlineData("--duration", "soon", "--duration must be a positive duration such as 10s")]
    [InlineData("--duration", "0s", "--duration must be a positive duration")]
    [InlineData("--rps", "-5", "--rps must be a positive number")]
    [InlineData("--transport", "grpc,carrier-pigeon", "unknown transport 'carrier-pigeon'")]
    public async Task AWrongLoadOptionIsOneLineSayingWhatWasExpected(string option, string value, string message)
    {
        var result = await CliRunner.RunAsync(["bench", "load", option, value]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadingARunningServerNeedsItsOneTransport()
    {
        var result = await CliRunner.RunAsync(["bench", "load", "--port", "50051"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--port loads one running server: name its one --transport", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportWithoutResultsIsAnErrorSayingWhereTheyComeFrom()
    {
        var folder = Directory.CreateTempSubdirectory("rpclab-report-none-").FullName;
        try
        {
            var result = await CliRunner.RunAsync(["report", "--results", folder, "--out", folder]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no results in", result.Error, StringComparison.Ordinal);
            Assert.Contains("rpclab bench all", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task H2LoadAndTheLoadGeneratorLoadOurGrpcServerAndTheirRowsParse()
    {
        if (H2LoadComparison.FindH2Load() is null)
        {
            Assert.False(Peers.Required, "h2load is not installed (Debian nghttp2-client; tests/peers/install.sh installs it)");
            return;
        }

        var folder = Directory.CreateTempSubdirectory("rpclab-bench-h2load-").FullName;
        try
        {
            var csv = Path.Combine(folder, "h2load.csv");

            var result = await CliRunner.RunAsync(["bench", "h2load", "--no-foreign", "--h2load-duration", "3s", "--h2load-rounds", "1", "--h2load-connections", "2", "--h2load-streams", "2", "--out", csv]);

            Assert.True(result.ExitCode == 0, result.ToString());
            var rows = H2LoadCsv.Read(File.ReadAllText(csv), csv);
            Assert.Equal([H2LoadComparison.H2LoadTool, H2LoadComparison.RpclabTool], rows.Select(r => r.Tool));
            Assert.All(rows, r => Assert.True(r.Requests > 0 && r.Errors == 0 && r.Connections == 2 && r.Streams == 2, $"{r.Tool}: {r.Requests} calls, {r.Errors} errors\n{result}"));
            Assert.Contains("grpc: rpclab / h2load = ", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
