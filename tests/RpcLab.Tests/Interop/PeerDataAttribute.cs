using System.Reflection;
using Xunit.Sdk;

namespace RpcLab.Tests.Interop;

/// <summary>
/// A theory row that runs with one foreign peer (the test's <see cref="Peer"/> argument), under the skip
/// rule of <see cref="PeerFactAttribute"/> for that peer alone: stack one per peer, and a missing peer
/// skips only its own rows (unless <c>RPCLAB_REQUIRE_PEERS=1</c>, when it fails them).
/// </summary>
/// <remarks>xunit 2 reads a data attribute's Skip per attribute, so the decision is made when it is constructed.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class PeerDataAttribute : DataAttribute
{
    public PeerDataAttribute(Peer peer)
    {
        Peer = peer;
        Skip = Peers.SkipReason(peer);
    }

    /// <summary>The peer the row runs with.</summary>
    public Peer Peer { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Peer]];
}
