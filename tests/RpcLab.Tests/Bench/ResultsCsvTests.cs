using RpcLab.Measurement.Results;

namespace RpcLab.Tests.Bench;

public sealed class ResultsCsvTests
{
    private static LoadRow Row(string firstError = "") =>
        new("grpc", "grpc-js", "open", 16, 4, 5000, 3, 15000, 2, 4999.5, 81.3, 120.25, 900.5, 2100, 5000.125, firstError);

    [Fact]
    public void LoadCsvStartsWithTheIssuesColumnsInOrder()
    {
        var header = LoadCsv.Write([]).Split('\n')[0];

        Assert.StartsWith("transport,concurrency,requests,errors,throughput_rps,p50_us,p90_us,p99_us,p999_us,max_us,", header, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadRowsSurviveARoundTrip()
    {
        LoadRow[] rows = [Row(), Row("RpcException: Unavailable, \"no server\"\nsecond line") with { Round = 3 }];

        var read = LoadCsv.Read(LoadCsv.Write(rows), "load.csv");

        Assert.Equal(rows, read);
    }

    [Fact]
    public void ALoadFileWrittenBeforeRoundsReadsAsRoundOne()
    {
        // Arrange: the file without its last two columns (round, mean_us), as sweeps wrote it before rounds.
        var lines = LoadCsv.Write([Row() with { Round = 2, MeanUs = 250 }]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var older = string.Join('\n', lines.Select(line => line[..line.LastIndexOf(',', line.LastIndexOf(',') - 1)])) + "\n";

        // Act
        var read = LoadCsv.Read(older, "load.csv");

        // Assert
        Assert.DoesNotContain("round", older, StringComparison.Ordinal);
        Assert.DoesNotContain("mean_us", older, StringComparison.Ordinal);
        Assert.Equal(Row() with { Round = 1 }, Assert.Single(read));
        Assert.True(double.IsNaN(read[0].MeanUs));
    }

    [Fact]
    public void MicroRowsSurviveARoundTripWithMissingNumbers()
    {
        MicroRow[] rows =
        [
            new("Payload", "Sum", "grpc", "Ints=1000", 12345.5, 12000, 10.25, 4096, ""),
            new("Streaming", "Upload", "jsonrpc", "", null, null, null, null, "no result: the benchmark failed"),
        ];

        var read = MicroCsv.Read(MicroCsv.Write(rows), "micro.csv");

        Assert.Equal(rows, read);
        Assert.Equal("1000", read[0].Parameter("Ints"));
        Assert.Null(read[0].Parameter("Workers"));
    }

    [Fact]
    public void MicroRowsKeepTheirIterationsAndAnOlderFileWithoutThemCountsItsMeanAsOneRun()
    {
        var row = new MicroRow("ThreadScaling", "Sum", "inproc", "Ints=10000000;Workers=1", 5_000_000, 4_900_000, 100, 80_000_000, "", [4_900_000.5, 5_100_000, 4_800_000]);
        var older = "category,benchmark,transport,parameters,mean_ns,median_ns,stddev_ns,allocated_bytes,note\nThreadScaling,Sum,inproc,Ints=1,5000000,4900000,100,8,\n";

        var read = Assert.Single(MicroCsv.Read(MicroCsv.Write([row]), "micro.csv"));
        var old = Assert.Single(MicroCsv.Read(older, "micro.csv"));

        Assert.Equal([4_900_000.5, 5_100_000, 4_800_000], read.Runs);
        Assert.Equal(row with { IterationsNs = null }, read with { IterationsNs = null });
        Assert.Equal([5_000_000.0], old.Runs);
        Assert.Throws<FormatException>(() => MicroCsv.Read(MicroCsv.Write([row]).Replace("4800000", "fast", StringComparison.Ordinal), "micro.csv"));
    }

    [Fact]
    public void H2LoadRowsSurviveARoundTrip()
    {
        H2LoadRow[] rows = [new("h2load", "grpc", "rpclab", 4, 10, 10, 3, 1_400_000, 0, 140_000.25), new("rpclab", "grpc", "rpclab", 4, 10, 10, 2, 1_200_000, 1, 120_000, 12.5)];

        Assert.Equal(rows, H2LoadCsv.Read(H2LoadCsv.Write(rows), "h2load.csv"));
    }

    [Fact]
    public void AFieldThatIsNotANumberIsAnErrorNamingTheFileRecordAndColumn()
    {
        var text = LoadCsv.Write([Row()]).Replace(",81.3,", ",fast,", StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => LoadCsv.Read(text, "load.csv"));

        Assert.Contains("load.csv, record 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("p50_us", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingColumnOrAShortRecordIsAnError()
    {
        var noP99 = LoadCsv.Write([Row()]).Replace("p99_us,", "", StringComparison.Ordinal);
        var shortRecord = LoadCsv.Write([]) + "grpc,1,2\n";

        Assert.Contains("p99_us", Assert.Throws<FormatException>(() => LoadCsv.Read(noP99, "load.csv")).Message, StringComparison.Ordinal);
        Assert.Contains("fields", Assert.Throws<FormatException>(() => LoadCsv.Read(shortRecord, "load.csv")).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => Csv.Parse("a,\"unclosed\n"));
    }

    [Fact]
    public void ASidecarSurvivesARoundTripAndQuotesWordsThatNeedIt()
    {
        var info = RunInfo.Capture(RunInfo.CommandLine(["bench", "micro", "--filter", "*Latency*", "--out", "reports/results"]), [new RunNote("zerorpc (python)", "not installed")]);

        var read = RunInfo.FromJson(info.ToJson(), "load.json");

        Assert.Equal("rpclab bench micro --filter '*Latency*' --out reports/results", read.Command);
        Assert.Equal(info.Machine, read.Machine);
        Assert.Equal(info.Skipped, read.Skipped);
        Assert.True(read.Machine.Cores >= 1);
    }
}
