using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Services.Sum;

namespace RpcLab.Tests.Services;

public sealed class ParallelSumServiceTests
{
    private static ParallelSumService NewService(int defaultParallelism = 4, int maxParallelism = 8) =>
        new(new ServiceOptions { DefaultParallelism = defaultParallelism, MaxParallelism = maxParallelism });

    [Fact]
    public async Task Sum_AddsElementWise()
    {
        // Arrange
        var service = NewService();

        // Act
        var result = await service.SumAsync([1, 2, 3], [10, 20, -30], parallelism: 1);

        // Assert
        Assert.Equal([11L, 22L, -27L], result.Sum);
        Assert.Equal(1, result.Workers);
    }

    [Fact]
    public async Task Sum_IsWidened_SoIntExtremesDoNotOverflow()
    {
        // Arrange: long enough that the vectorised path and the scalar tail both see the extremes.
        var service = NewService();
        var a = Enumerable.Repeat(int.MaxValue, 37).Concat(Enumerable.Repeat(int.MinValue, 37)).ToArray();

        // Act
        var result = await service.SumAsync(a, a, parallelism: 3);

        // Assert
        Assert.Equal(2L * int.MaxValue, result.Sum[0]);
        Assert.Equal(4294967294L, result.Sum[36]);
        Assert.Equal(2L * int.MinValue, result.Sum[37]);
        Assert.Equal(-4294967296L, result.Sum[^1]);
    }

    [Fact]
    public async Task Sum_EveryParallelismGivesTheSameAnswer()
    {
        // Arrange: a length that does not divide evenly by most worker counts.
        var service = NewService(maxParallelism: 16);
        var random = new Random(42);
        var a = Enumerable.Range(0, 100_003).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
        var b = Enumerable.Range(0, 100_003).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
        var expected = a.Zip(b, (x, y) => (long)x + y).ToArray();

        for (var parallelism = 1; parallelism <= 16; parallelism++)
        {
            // Act
            var result = await service.SumAsync(a, b, parallelism);

            // Assert
            Assert.Equal(expected, result.Sum);
            Assert.Equal(parallelism, result.Workers);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]          // shorter than one vector
    [InlineData(33, 2)]         // not a multiple of any vector width
    [InlineData(1023, 1)]       // one short of a block
    [InlineData(1025, 2)]       // one past a block
    [InlineData(3 * 1024 + 5, 3)]
    [InlineData(100_003, 2)]
    [InlineData((2 << 16) + 3, 1)] // past two of the strides between looks at the cancellation token
    [InlineData(5, 8)]          // more workers asked than elements
    public async Task Sum_IsExactForLengthsThatAreNoMultipleOfTheVectorWidthOrBlock(int length, int parallelism)
    {
        // Arrange: the extremes at both ends, so a wrong tail or a block boundary shows as a wrong or unwidened sum.
        var service = NewService(maxParallelism: 8);
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(i => i % 5 == 0 ? int.MaxValue : random.Next(int.MinValue, int.MaxValue)).ToArray();
        var b = Enumerable.Range(0, length).Select(i => i % 3 == 0 ? int.MaxValue : random.Next(int.MinValue, int.MaxValue)).ToArray();

        // Act
        var result = await service.SumAsync(a, b, parallelism);

        // Assert
        Assert.Equal(a.Zip(b, (x, y) => (long)x + y), result.Sum);
        Assert.Equal(Math.Min(parallelism, length), result.Workers);
    }

    [Theory]
    [InlineData(0, 100, 4)]   // 0 = the configured default
    [InlineData(50, 100, 8)]  // capped at the configured maximum
    [InlineData(6, 3, 3)]     // never more workers than elements
    [InlineData(2, 0, 0)]     // nothing to add: nobody works
    public async Task Sum_ReportsTheWorkersItUsed(int parallelism, int length, int expectedWorkers)
    {
        // Arrange
        var service = NewService(defaultParallelism: 4, maxParallelism: 8);
        var a = Enumerable.Range(0, length).ToArray();

        // Act
        var result = await service.SumAsync(a, a, parallelism);

        // Assert
        Assert.Equal(expectedWorkers, result.Workers);
        Assert.Equal(a.Select(x => 2L * x), result.Sum);
    }

    [Fact]
    public async Task Sum_DifferentLengths_IsInvalidArgumentNamingBoth()
    {
        // Arrange
        var service = NewService();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => service.SumAsync([1, 2, 3], [1, 2, 3, 4, 5]));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.Contains("3", error.Detail, StringComparison.Ordinal);
        Assert.Contains("5", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sum_NullArrayOrNegativeParallelism_IsInvalidArgument()
    {
        // Arrange
        var service = NewService();

        // Act
        var errors = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => service.SumAsync(null!, [1])),
            await Assert.ThrowsAsync<RpcException>(() => service.SumAsync([1], null!)),
            await Assert.ThrowsAsync<RpcException>(() => service.SumAsync([1], [1], parallelism: -1)),
        };

        // Assert
        Assert.All(errors, e => Assert.Equal(RpcStatusCode.InvalidArgument, e.Status));
    }

    [Fact]
    public async Task Sum_HonoursCancellation()
    {
        // Arrange
        var service = NewService();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var a = new int[1000];

        // Act + Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.SumAsync(a, a, 2, cancelled.Token));
    }
}
