using RpcLab.Seminar;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Tests.Grpc;

/// <summary>Lab 1's task names the two files a student touches, and they are where the gRPC pipeline needs them.</summary>
public sealed class Lab1TaskTests
{
    [Fact]
    public void The_task_names_exactly_the_proto_and_the_server_adapter_and_both_exist()
    {
        // Arrange
        var task = LabCatalog.Find(1)!.Section("Task");
        var repository = Path.GetFullPath(Path.Combine(Interop.Peers.Directory, "..", ".."));

        // Act
        var touched = task.Split('\n').Where(l => l.StartsWith("- `", StringComparison.Ordinal)).Select(l => l[3..l.IndexOf('`', 3)]).ToList();

        // Assert
        Assert.Equal(["protos/rpclab/echo.proto", "transports/RpcLab.Transports.Grpc/Server/EchoAdapter.cs"], touched);
        Assert.True(File.Exists(Path.Combine(repository, "RpcLab.sln")), $"the tests run from a checkout: {repository}");
        Assert.All(touched, f => Assert.True(File.Exists(Path.Combine(repository, f)), f));
    }

    [Fact]
    public void The_server_adapter_the_task_names_derives_from_the_generated_base()
    {
        // Act
        var adapter = typeof(GrpcClient).Assembly.GetType("RpcLab.Transports.Grpc.Server.EchoAdapter");

        // Assert
        Assert.NotNull(adapter);
        Assert.Equal(typeof(Echo.EchoBase), adapter.BaseType);
    }
}
