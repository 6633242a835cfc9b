namespace RpcLab.Tests.Interop;

/// <summary>
/// A fact that needs foreign peers: skipped, with a message saying how to install them, when one is
/// missing; but when the environment says <c>RPCLAB_REQUIRE_PEERS=1</c> (CI does) it always runs, so a
/// missing peer fails the run instead of quietly shrinking it. The one skip rule every interop test uses
/// (<see cref="PeerDataAttribute"/> applies it to a theory's rows, one peer at a time).
/// </summary>
/// <remarks>xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(Peer peers)
    {
        Peers = peers;
        Skip = Interop.Peers.SkipReason(peers);
    }

    /// <summary>The peers the test needs.</summary>
    public Peer Peers { get; }
}
