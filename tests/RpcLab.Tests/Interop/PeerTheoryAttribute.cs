namespace RpcLab.Tests.Interop;

/// <summary>The theory form of <see cref="PeerFactAttribute"/>, with the same skip rule.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PeerTheoryAttribute : TheoryAttribute
{
    public PeerTheoryAttribute(Peer peers)
    {
        Peers = peers;
        Skip = Interop.Peers.SkipReason(peers);
    }

    /// <summary>The peers the test needs.</summary>
    public Peer Peers { get; }
}
