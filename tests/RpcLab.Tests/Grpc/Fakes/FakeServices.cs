using RpcLab.Services.Contracts;

namespace RpcLab.Tests.Grpc.Fakes;

/// <summary>A fresh set of fakes, with typed access for tests that inspect them.</summary>
internal sealed class FakeServices
{
    public FakeEchoService Echo { get; } = new();

    public FakeUserService Users { get; } = new();

    public FakeFileService Files { get; } = new();

    public FakeSumService Sum { get; } = new();

    public FakeComputeService Compute { get; } = new();

    public ServiceSet ToServiceSet() => new(Sum, Users, Files, Compute, Echo);
}
