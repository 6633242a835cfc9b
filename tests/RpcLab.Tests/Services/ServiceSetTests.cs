using RpcLab.Services;
using RpcLab.Services.Contracts;

namespace RpcLab.Tests.Services;

/// <summary>
/// The record's constructor is the one list of the services: what <see cref="ServiceSet.All"/> reads from it, and
/// that <see cref="ServiceSet.Create"/> puts each service where its contract belongs.
/// </summary>
public sealed class ServiceSetTests
{
    [Fact]
    public void All_NamesEachServiceByItsPropertyInLowerCase()
    {
        // Act
        var services = ServiceSet.All.Select(s => (s.Name, s.Contract));

        // Assert
        Assert.Equal(
            [("sum", typeof(IParallelSumService)), ("users", typeof(IUserService)), ("files", typeof(IFileService)), ("compute", typeof(IComputeService)), ("echo", typeof(IEchoService))],
            services);
    }

    [Fact]
    public async Task Create_PutsEachServiceInItsPlace_AndGetReadsItBack()
    {
        // Arrange
        await using var host = ServiceHost.Create(new ServiceOptions());

        // Act
        var copy = ServiceSet.Create(s => s.Get(host.Services));

        // Assert
        Assert.Same(host.Services.Sum, copy.Sum);
        Assert.Same(host.Services.Users, copy.Users);
        Assert.Same(host.Services.Files, copy.Files);
        Assert.Same(host.Services.Compute, copy.Compute);
        Assert.Same(host.Services.Echo, copy.Echo);
    }

    [Fact]
    public async Task Create_RefusesAnImplementationOfAnotherContract()
    {
        // Arrange
        await using var host = ServiceHost.Create(new ServiceOptions());

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => ServiceSet.Create(_ => host.Services.Echo));

        // Assert
        Assert.Contains("IParallelSumService", error.Message, StringComparison.Ordinal);
    }
}
