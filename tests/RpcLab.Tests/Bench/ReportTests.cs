using RpcLab.Measurement.Load;
using RpcLab.Measurement.Reports;
using RpcLab.Measurement.Results;

namespace RpcLab.Tests.Bench;

public sealed class ReportTests
{
    private static string Generate(ResultsFixture fixture)
    {
        ReportGenerator.Generate(fixture.Results, fixture.Root);
        return File.ReadAllText(Path.Combine(fixture.Root, ReportFiles.Readme));
    }

    private static void WriteSweep(ResultsFixture fixture) => fixture.WriteLoad(
        ResultsFixture.Load(LoadServers.FloorTransport, LoadServers.Bare, 1, 30000, 30, 60),
        ResultsFixture.Load(LoadServers.FloorTransport, LoadServers.Bare, 16, 50000, 300, 900),
        ResultsFixture.Load("inproc", LoadServers.Ours, 1, 900000, 1, 2),
        ResultsFixture.Load("inproc", LoadServers.Ours, 16, 1000000, 1.5, 3),
        ResultsFixture.Load("grpc", LoadServers.Ours, 1, 4000, 75, 300),
        ResultsFixture.Load("grpc", LoadServers.Ours, 16, 40000, 400, 1200),
        ResultsFixture.Load("grpc", LoadServers.Ours, 256, 20000, 9000, 30000),
        ResultsFixture.Load("grpc", "grpc-js", 1, 3000, 90, 400),
        ResultsFixture.Load("grpc", "grpc-js", 16, 10000, 1500, 4000));

    [Fact]
    public void TheReportStatesTheMachineCommitDateAndCommandsAndEachTransportAgainstTheFloorAndInProcess()
    {
        using var fixture = new ResultsFixture();
        WriteSweep(fixture);

        var readme = Generate(fixture);

        Assert.Contains("Machine: Test CPU 3000, 2 cores, 23.5 GiB of memory, Debian GNU/Linux 12 (bookworm), Linux 6.1, .NET 10.0.0.", readme, StringComparison.Ordinal);
        Assert.Contains("| load.csv | 2026-11-25 12:00 UTC | 0123456789ab | `rpclab bench load --transport all --duration 3s` |", readme, StringComparison.Ordinal);

        // grpc: p50 75 us against the floor's 30 (2.50x) and in-process 1 (75.00x); p99 300 against 60 (5.00x).
        Assert.Contains("| grpc | 75.0 | 300 | 2.50x | 5.00x | 75.00x |", readme, StringComparison.Ordinal);
        Assert.Contains("![p50 and p99 of a small call per transport (log scale), the floor's as horizontal lines](charts/latency.svg)", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLoadFigureIsTheMedianOfItsRoundsWithTheRangeAndEachAimCountsTheRoundsThatMetIt()
    {
        // Arrange: three rounds; our gRPC server against the bare one at 16 callers: 0.95x, 0.90x and 1.00x within the rounds.
        using var fixture = new ResultsFixture();
        var rows = new List<LoadRow>();
        foreach (var (round, ours, bare) in new[] { (1, 38_000.0, 40_000.0), (2, 36_000.0, 40_000.0), (3, 41_000.0, 41_000.0) })
        {
            rows.Add(ResultsFixture.Load(LoadServers.FloorTransport, LoadServers.Bare, 1, 30000, 30, 60) with { Round = round });
            rows.Add(ResultsFixture.Load("grpc", LoadServers.Ours, 1, 4000, 60 + round, 300) with { Round = round });
            rows.Add(ResultsFixture.Load("grpc", LoadServers.Ours, 16, ours, 400, 1200) with { Round = round });
            rows.Add(ResultsFixture.Load("grpc", "grpc-dotnet-bare", 1, 4000, 60, 300) with { Round = round });
            rows.Add(ResultsFixture.Load("grpc", "grpc-dotnet-bare", 16, bare, 400, 1200) with { Round = round });
        }

        fixture.WriteLoad([.. rows]);

        // Act
        var readme = Generate(fixture);

        // Assert: medians with their range, ratios within each round, and the rounds that met each aim.
        Assert.Contains("The load sweep ran 3 rounds: each load figure is the median of the rounds with their range", readme, StringComparison.Ordinal);
        Assert.Contains("calls per second (closed loop, the median of 3 rounds (lowest-highest)):", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc | 4,000 (4,000-4,000) | 38,000 (36,000-41,000) |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc: our server's throughput at 16 callers against grpc (grpc-dotnet-bare) | 0.95x (0.90x-1.00x) | 2 of 3 | >= 0.95x |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc: our server's p50 at 1 caller against grpc (grpc-dotnet-bare) | 1.03x (1.02x-1.05x) | 3 of 3 | <= 1.05x |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc: small-call p50 against the TCP floor | 2.07x (2.03x-2.10x) | 3 of 3 | <= 3.0x |", readme, StringComparison.Ordinal);
        Assert.Contains("| 3 | grpc | closed | 16 |", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJsonRpcAndRestServersAreComparedWithTheirBareYardsticksRoundByRound()
    {
        // Arrange: three rounds; the yardsticks are loaded at 1, 16 and 64 callers only. JSON-RPC at 16 callers:
        // 19,000, 18,000 and 19,400 against 20,000 (0.95x, 0.90x, 0.97x); REST at 64: 10,000 against 8,000 (1.25x) each round.
        using var fixture = new ResultsFixture();
        var rows = new List<LoadRow>();
        foreach (var (round, jsonRpc16) in new[] { (1, 19_000.0), (2, 18_000.0), (3, 19_400.0) })
        {
            rows.Add(ResultsFixture.Load("jsonrpc", LoadServers.Ours, 1, 10_000, 110, 300) with { Round = round });
            rows.Add(ResultsFixture.Load("jsonrpc", LoadServers.Ours, 16, jsonRpc16, 800, 2000) with { Round = round });
            rows.Add(ResultsFixture.Load("jsonrpc", "streamjsonrpc-bare", 1, 10_000, 100, 300) with { Round = round });
            rows.Add(ResultsFixture.Load("jsonrpc", "streamjsonrpc-bare", 16, 20_000, 800, 2000) with { Round = round });
            rows.Add(ResultsFixture.Load("rest", LoadServers.Ours, 1, 5_000, 200, 600) with { Round = round });
            rows.Add(ResultsFixture.Load("rest", LoadServers.Ours, 64, 10_000, 6000, 9000) with { Round = round });
            rows.Add(ResultsFixture.Load("rest", "transcoding-bare", 1, 5_000, 200, 600) with { Round = round });
            rows.Add(ResultsFixture.Load("rest", "transcoding-bare", 64, 8_000, 8000, 9000) with { Round = round });
        }

        fixture.WriteLoad([.. rows]);

        // Act
        var readme = Generate(fixture);

        // Assert: each transport against its own yardstick, with the rounds that met each aim.
        Assert.Contains("| jsonrpc: our server's p50 at 1 caller against jsonrpc (streamjsonrpc-bare) | 1.10x (1.10x-1.10x) | 0 of 3 | <= 1.05x |", readme, StringComparison.Ordinal);
        Assert.Contains("| jsonrpc: our server's throughput at 16 callers against jsonrpc (streamjsonrpc-bare) | 0.95x (0.90x-0.97x) | 2 of 3 | >= 0.95x |", readme, StringComparison.Ordinal);
        Assert.Contains("| rest: our server's p50 at 1 caller against rest (transcoding-bare) | 1.00x (1.00x-1.00x) | 3 of 3 | <= 1.05x |", readme, StringComparison.Ordinal);
        Assert.Contains("| rest: our server's throughput at 64 callers against rest (transcoding-bare) | 1.25x (1.25x-1.25x) | 3 of 3 | >= 0.95x |", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("against jsonrpc (transcoding-bare)", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("against rest (streamjsonrpc-bare)", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("jsonrpc: our server's throughput at 64 callers", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportShowsThroughputAgainstConcurrencyAndACollapseFrom16Up()
    {
        using var fixture = new ResultsFixture();
        WriteSweep(fixture);

        var readme = Generate(fixture);

        Assert.Contains("calls per second (closed loop, one round):", readme, StringComparison.Ordinal);
        Assert.Contains("| server | c=1 | c=16 | c=256 | c=256 vs best of 16-64 |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc | 4,000 | 40,000 | 20,000 | 0.50x |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc (grpc-js) | 3,000 | 10,000 | - | - |", readme, StringComparison.Ordinal);
        foreach (var chart in new[] { ReportFiles.Latency, ReportFiles.Throughput, ReportFiles.P99, ReportFiles.Foreign })
        {
            Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", File.ReadAllText(Path.Combine(fixture.Root, ReportFiles.ChartsFolder, chart)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheReportComparesOurServersWithForeignOnesAndTheLoadGeneratorWithH2Load()
    {
        using var fixture = new ResultsFixture();
        WriteSweep(fixture);
        fixture.WriteH2Load(new("h2load", "grpc", "rpclab", 4, 10, 10, 3, 1_000_000, 0, 100_000, 5.0), new("rpclab", "grpc", "rpclab", 4, 10, 10, 3, 800_000, 0, 80_000, 20.0));

        var readme = Generate(fixture);

        // grpc-js peaks at 10,000 req/s (16 callers) against our 40,000.
        Assert.Contains("| grpc (grpc-js) | 90.0 | 10,000 | 16 | 0.25x |", readme, StringComparison.Ordinal);
        Assert.Contains("rpclab / h2load on the grpc server: **0.80x**", readme, StringComparison.Ordinal);
        Assert.Contains("| the load generator against h2load (grpc server, each tool's best round) | 0.80x | 1 of 1 | >= 0.7x |", readme, StringComparison.Ordinal);
        Assert.Contains("| CPU per call of the load generator (20.0 us) against h2load's (5.00 us) | 4.00x | - | reported: the generator's own cost |", readme, StringComparison.Ordinal);
        Assert.Contains("| rpclab | grpc | 4 | 10 | 10 | 3 | 800,000 | 0 | 80,000 | 1.00x | 20.0 |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc: small-call p50 against the TCP floor | 2.50x | 1 of 1 | <= 3.0x |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc: throughput at 256 callers against the best of 16-64 | 0.50x | 0 of 1 | >= 0.9x (no collapse) |", readme, StringComparison.Ordinal);
        Assert.Contains("The load sweep ran 1 round: its figures are single runs, with no spread to judge them by.", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportShowsTheMicroBenchmarksWithSpeedUpsPayloadChartAndWhatWasLeftOut()
    {
        using var fixture = new ResultsFixture();
        fixture.WriteMicro(
            new MicroRow(MicroCategories.Payload, "Sum", "inproc", "Ints=10", 1000, 1000, 10, 500, ""),
            new MicroRow(MicroCategories.Payload, "Sum", "inproc", "Ints=1000", 2000, 2000, 10, 5000, ""),
            new MicroRow(MicroCategories.Payload, "Sum", "grpc", "Ints=10", 50000, 50000, 10, 50000, ""),
            new MicroRow(MicroCategories.Payload, "Sum", "grpc", "Ints=1000", 80000, 80000, 10, 90000, ""),
            new MicroRow(MicroCategories.ThreadScaling, "Sum", "inproc", "Ints=10000000;Workers=1", 20_000_000, 20_000_000, 10, 80_000_000, ""),
            new MicroRow(MicroCategories.ThreadScaling, "Sum", "inproc", "Ints=10000000;Workers=2", 10_000_000, 10_000_000, 10, 80_000_000, ""),
            new MicroRow(MicroCategories.ThreadScaling, "Sum", "grpc", "Ints=10000000;Workers=1", 1_300_000_000, 1_300_000_000, 10, 900_000_000, ""),
            new MicroRow(MicroCategories.ThreadScaling, MicroBenchmarks.Ceiling, "", "Ints=10000000;Workers=1", 16_000_000, 16_000_000, 10, 0, ""),
            new MicroRow(MicroCategories.ThreadScaling, MicroBenchmarks.Ceiling, "", "Ints=10000000;Workers=2", 10_000_000, 10_000_000, 10, 0, ""),
            new MicroRow(MicroCategories.ThreadScaling, MicroBenchmarks.ComputeBound, "", "Ints=10000000;Workers=1", 80_000_000, 80_000_000, 10, 0, ""),
            new MicroRow(MicroCategories.ThreadScaling, MicroBenchmarks.ComputeBound, "", "Ints=10000000;Workers=2", 40_000_000, 40_000_000, 10, 0, ""),
            new MicroRow(MicroCategories.ThreadScaling, MicroBenchmarks.ProtobufAlone, "", "Ints=10000000", 500_000_000, 500_000_000, 10, 400_000_000, ""),
            new MicroRow(MicroCategories.Payload, "Sum", "grpc", "Ints=1000000", 90_000_000, 90_000_000, 10, 48_000_000, ""),
            new MicroRow(MicroCategories.Streaming, "Upload", "grpc", "", null, null, null, null, "no result: the benchmark failed"));

        var readme = Generate(fixture);

        Assert.Contains("| Sum | grpc | Ints=1000 | 80.0 | 80.0 | 0.01 | 40.00x | - | 87.9 KiB |  |", readme, StringComparison.Ordinal);
        Assert.Contains("| Sum | inproc | Ints=10000000, Workers=2 | 10,000 | 10,000 | 0.01 | 1.00x | 2.00x faster | 76.3 MiB |  |", readme, StringComparison.Ordinal);
        Assert.Contains("- UploadBenchmarks over rest: Unimplemented: client streaming", readme, StringComparison.Ordinal);
        Assert.Contains("- Streaming Upload over grpc: no result: the benchmark failed", readme, StringComparison.Ordinal);
        // The sum against the bandwidth ceiling: its speed-up (2.00x) against the ceiling's (1.60x), its share of the ceiling at 1 and 2 workers.
        Assert.Contains("| inproc: parallel sum of 10M ints, speed-up of 2 workers over 1 (2.00x) against the bandwidth ceiling's (1.60x) | 125% | 1 of 1 | >= 90% |", readme, StringComparison.Ordinal);
        Assert.Contains("| inproc: parallel sum of 10M ints with 1 worker(s), share of the bandwidth ceiling | 80% | 0 of 1 | >= 90% |", readme, StringComparison.Ordinal);
        Assert.Contains("| inproc: parallel sum of 10M ints with 2 worker(s), share of the bandwidth ceiling | 100% | 1 of 1 | >= 90% |", readme, StringComparison.Ordinal);
        Assert.Contains("| compute-bound variant of 10M ints, speed-up of 2 workers over 1 | 2.00x | - | threads pay: near the cores' 2x |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc: a 10M-int parallel-sum call (1 worker) against protobuf's own serialize + parse | 2.60x | 0 of 1 | <= 2x |", readme, StringComparison.Ordinal);
        Assert.Contains("| grpc: bytes allocated per payload byte of a 1M-int parallel sum (16 bytes per int: two in, one long out) | 3.00 | 1 of 1 | <= 4 |", readme, StringComparison.Ordinal);
        Assert.Contains("| 10,000,000 | 2 | 10,000 | 1.60x | 2.00x | inproc | 10,000 | 100% | 2.00x | 125% |", readme, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Root, ReportFiles.ChartsFolder, ReportFiles.Payload)));
        Assert.True(File.Exists(Path.Combine(fixture.Root, ReportFiles.ChartsFolder, ReportFiles.Scaling)));
    }

    [Fact]
    public void AMicroFigureIsTheMedianOfItsIterationsWithTheirRangeAndARatioIsTakenIterationByIteration()
    {
        using var fixture = new ResultsFixture();
        MicroRow Scaling(string benchmark, string transport, int workers, params double[] iterations) =>
            new(MicroCategories.ThreadScaling, benchmark, transport, $"Ints=10000000;Workers={workers}", iterations.Average(), iterations.Order().ElementAt(iterations.Length / 2), 1, 0, "", iterations);
        fixture.WriteMicro(
            Scaling("Sum", "inproc", 1, 20, 22, 30),
            Scaling("Sum", "inproc", 2, 20, 11, 10),
            Scaling(MicroBenchmarks.Ceiling, "", 1, 16, 16, 16),
            Scaling(MicroBenchmarks.Ceiling, "", 2, 10, 10, 10));

        var readme = Generate(fixture);

        // Iteration by iteration: speed-ups 1.0, 2.0 and 3.0 against the ceiling's 1.6 (63%, 125%, 188%); shares of
        // the ceiling at 1 worker 80%, 73% and 53%: the median with the range, and how many iterations met the aim.
        Assert.Contains("| inproc: parallel sum of 10M ints, speed-up of 2 workers over 1 (2.00x) against the bandwidth ceiling's (1.60x) | 125% (63%-188%) | 2 of 3 | >= 90% |", readme, StringComparison.Ordinal);
        Assert.Contains("| inproc: parallel sum of 10M ints with 1 worker(s), share of the bandwidth ceiling | 73% (53%-80%) | 0 of 3 | >= 90% |", readme, StringComparison.Ordinal);
        Assert.Contains("counts each measured BenchmarkDotNet iteration as a run", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameResultsGiveTheSameBytesAndChartsNoLongerDrawnAreRemoved()
    {
        using var fixture = new ResultsFixture();
        WriteSweep(fixture);
        var stale = Path.Combine(fixture.Root, ReportFiles.ChartsFolder, "old.svg");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "<svg/>");

        var first = ReportGenerator.Generate(fixture.Results, fixture.Root).ToDictionary(f => f, File.ReadAllBytes);
        var second = ReportGenerator.Generate(fixture.Results, fixture.Root).ToDictionary(f => f, File.ReadAllBytes);

        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first, file => Assert.Equal(file.Value, second[file.Key]));
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void MissingOrBrokenResultsAreAClearError()
    {
        using var fixture = new ResultsFixture();

        Assert.Contains("no results", Assert.Throws<FileNotFoundException>(() => ReportGenerator.Generate(fixture.Results, fixture.Root)).Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(fixture.Results, ResultsFiles.Load), LoadCsv.Write([]));
        Assert.Contains("load.json", Assert.Throws<FormatException>(() => ReportGenerator.Generate(fixture.Results, fixture.Root)).Message, StringComparison.Ordinal);
    }
}
