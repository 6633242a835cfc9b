using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Services;

public sealed class ServiceHostTests
{
    [Fact]
    public async Task Create_WiresAllFiveServicesWithTheOptions()
    {
        // Arrange
        await using var host = ServiceHost.Create(new ServiceOptions { DefaultParallelism = 3, JobWorkers = 1 });
        var services = host.Services;

        // Act
        var sum = await services.Sum.SumAsync([1, 2, 3, 4], [1, 1, 1, 1]);
        var seed = await services.Users.GetAsync("1");
        var files = await services.Files.ListAsync();
        var job = await services.Compute.WaitJobAsync(await services.Compute.SubmitAddAsync(20, 22), 30_000);
        var echo = await services.Echo.ReverseAsync("abc");

        // Assert
        Assert.Equal([2L, 3L, 4L, 5L], sum.Sum);
        Assert.Equal(3, sum.Workers);
        Assert.Equal("John Doe", seed.Name);
        Assert.Empty(files);
        Assert.Equal((JobState.Done, 42.0), (job.State, job.Sum));
        Assert.Equal("cba", echo);
    }

    [Fact]
    public async Task Dispose_IsIdempotent_AndStopsTheJobWorkers()
    {
        // Arrange
        var host = ServiceHost.Create(new ServiceOptions());

        // Act
        await host.DisposeAsync();
        await host.DisposeAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Services.Compute.SubmitAddAsync(1, 1));

        // Assert
        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
    }

    [Fact]
    public async Task Upload_OverAFolderOfTheSameName_IsAlreadyExistsAndLeavesTheFolder()
    {
        // Arrange
        await using var host = ServiceHost.Create(new ServiceOptions());
        Directory.CreateDirectory(Path.Combine(host.FilesDirectory, "dir"));

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Services.Files.UploadAsync("dir", Chunks.Of("x")));

        // Assert
        Assert.Equal(RpcStatusCode.AlreadyExists, error.Status);
        Assert.True(Directory.Exists(Path.Combine(host.FilesDirectory, "dir")));
        Assert.Empty(await host.Services.Files.ListAsync());
    }
}
