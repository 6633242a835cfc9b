using RpcLab.Transports.Raw.Server;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// An rpc of a node's own <c>$cluster</c> service, which the initializer calls: <c>status(str token) ->
/// List[InstalledProcedure]</c> and <c>apply(str token, ClusterPlan plan) -> InitReport</c>. Thread-safe.
/// </summary>
internal sealed class ControlProcedure(string rpc, Signature signature, Func<object?[], ServerCall, Task<object?>> run)
    : RawProcedure(ClusterNode.ControlService, rpc, signature)
{
    public static readonly Signature StatusSignature = new([RawTypes.Of(typeof(string))], [RawTypes.Of(typeof(InstalledProcedure[]))]);

    public static readonly Signature ApplySignature = new([RawTypes.Of(typeof(string)), RawTypes.Of(typeof(ClusterPlan))], [RawTypes.Of(typeof(InitReport))]);

    public override async Task RunAsync(ServerCall call, object?[] args, CancellationToken cancellationToken) =>
        await call.SendReturnsAsync(await run(args, call).ConfigureAwait(false)).ConfigureAwait(false);
}
