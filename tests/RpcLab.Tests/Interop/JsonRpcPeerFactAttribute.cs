namespace RpcLab.Tests.Interop;

/// <summary>
/// A fact that needs the vscode-jsonrpc peer. xunit 2 has no dynamic skip, so the check happens here,
/// at discovery: without node or node_modules the test is skipped with the way to install them; with
/// RPCLAB_REQUIRE_PEERS=1 (CI) it is never skipped, so a missing peer fails the run instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonRpcPeerFactAttribute : FactAttribute
{
    public JsonRpcPeerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("RPCLAB_REQUIRE_PEERS") != "1" && JsonRpcNodePeer.Unavailable() is { } reason)
        {
            Skip = $"vscode-jsonrpc peer unavailable: {reason}. Install it with ./rpclab test (or `npm ci` in tests/peers/node).";
        }
    }
}
