using RpcLab.Services.Contracts;

namespace RpcLab.Tests.Grpc.Fakes;

/// <summary>
/// A fresh set of fakes, with typed access for tests that inspect them. The properties are the fakes; the set is
/// built from them by contract (<see cref="ToServiceSet"/>), so a fake is declared once, as a property.
/// </summary>
internal sealed class FakeServices
{
    public FakeEchoService Echo { get; } = new();

    public FakeUserService Users { get; } = new();

    public FakeFileService Files { get; } = new();

    public FakeSumService Sum { get; } = new();

    public FakeComputeService Compute { get; } = new();

    /// <summary>Each service of <see cref="ServiceSet"/> is the one property whose fake implements its contract.</summary>
    public ServiceSet ToServiceSet()
    {
        var fakes = typeof(FakeServices).GetProperties().Select(p => p.GetValue(this)).ToArray();
        return ServiceSet.Create(service => fakes.SingleOrDefault(service.Contract.IsInstanceOfType)
            ?? throw new InvalidOperationException($"FakeServices has no fake of {service.Contract.Name}: add a property with one."));
    }
}
