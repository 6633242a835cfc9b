namespace RpcLab.Transports.Raw.Cluster;

/// <summary>A server or client of init.yaml's network section: its name and address. Immutable.</summary>
public sealed record NodeAddress(string Name, string Host, int Port)
{
    public override string ToString() => $"{Name} {Host}:{Port}";
}
