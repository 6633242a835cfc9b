using RpcLab.Measurement.Load;
using RpcLab.Measurement.Reports;
using RpcLab.Measurement.Results;

namespace RpcLab.Tests.Bench;

public sealed class RoundFiguresTests
{
    [Theory]
    [InlineData(new[] { 3.0 }, 3.0, 3.0, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0, 1.0, 5.0)]          // odd: the middle one, whatever the order
    [InlineData(new[] { 4.0, 1.0, 2.0, 10.0 }, 3.0, 1.0, 10.0)]   // even: the mean of the two middle ones
    public void TheSpreadIsTheMedianWithTheLowestAndHighest(double[] values, double median, double min, double max)
    {
        var spread = Spread.Of(values);

        Assert.Equal(new Spread(median, min, max, values.Length), spread);
    }

    [Fact]
    public void NoValuesHaveNoSpreadAndOneRoundShowsNoRange()
    {
        Assert.Null(Spread.Of([]));
        Assert.Equal("2.00x", Spread.Of([2.0])!.Format(v => Figures.Multiple(v)));
        Assert.Equal("2.00x (1.00x-4.00x)", Spread.Of([4.0, 1.0, 2.0])!.Format(v => Figures.Multiple(v)));
        Assert.Equal(2, Spread.Met([0.8, 0.95, 1.0], v => v >= 0.9));
    }

    [Fact]
    public void MediansTakeEachFigureOfTheRoundsAndARatioIsTakenWithinEachRound()
    {
        // Arrange: two servers in three rounds; round 2 was slow for both (a loaded machine).
        LoadRow Row(string server, int round, double rps) => ResultsFixture.Load("grpc", server, 16, rps, 100 * round, 300) with { Round = round };
        LoadRow[] rows = [Row("rpclab", 1, 40_000), Row("bare", 1, 40_000), Row("rpclab", 2, 10_000), Row("bare", 2, 10_500), Row("rpclab", 3, 38_000), Row("bare", 3, 40_000)];

        // Act
        var medians = LoadRounds.Medians(rows);
        var ratios = LoadRounds.PerRound(rows, round =>
            round.First(r => r.Server == "rpclab").ThroughputRps / round.First(r => r.Server == "bare").ThroughputRps);

        // Assert
        Assert.Equal([1, 2, 3], LoadRounds.Of(rows));
        Assert.Equal(2, medians.Count);
        Assert.Equal(38_000, medians[0].ThroughputRps);
        Assert.Equal(200, medians[0].P50Us);
        Assert.Equal(3, medians[0].Round);
        Assert.Equal(new Spread(38_000, 10_000, 40_000, 3), LoadRounds.SpreadOf(rows, medians[0], r => r.ThroughputRps));
        Assert.Equal([1.0, 10_000 / 10_500.0, 0.95], ratios);
    }

    [Fact]
    public void TheSumIsReadAgainstTheBandwidthCeilingsSpeedupNotAgainstTheCores()
    {
        // A memory-bound sum: the ceiling itself speeds up only 1.25x with two workers, the sum 1.2x.
        Assert.Equal(1.25, ScalingFigures.Speedup(10.0, 8.0));
        Assert.Equal(0.96, ScalingFigures.SpeedupAgainstCeiling(12.0, 10.0, 10.0, 8.0)!.Value, 10);
        Assert.Equal(0.8, ScalingFigures.ShareOfCeiling(10.0, 8.0));
        Assert.Equal(3.0, ScalingFigures.PerPayloadByte(48_000_000, 16_000_000));
        Assert.Null(ScalingFigures.ShareOfCeiling(null, 8.0));
        Assert.Null(ScalingFigures.SpeedupAgainstCeiling(12.0, 10.0, 10.0, 0));
        Assert.Null(ScalingFigures.PerPayloadByte(null, 16));
    }

    [Fact]
    public void TheLoadGeneratorsCpuPerCallCountsTheWarmUpAtTheMeasuredRate()
    {
        // 2 s of CPU over 8 s measured and 2 s of warm-up at 1,000 calls per second: 10,000 calls, 200 us each.
        Assert.Equal(200, ProcessorTime.PerCallUs(TimeSpan.FromSeconds(2), 1000, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2))!.Value, 6);
        Assert.Null(ProcessorTime.PerCallUs(null, 1000, TimeSpan.FromSeconds(8), TimeSpan.Zero));
        Assert.Null(ProcessorTime.PerCallUs(TimeSpan.FromSeconds(1), 0, TimeSpan.FromSeconds(8), TimeSpan.Zero));
        Assert.True(ProcessorTime.OfThisProcess() > TimeSpan.Zero);
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(ProcessorTime.OfFinishedChildren());
        }
    }
}
