namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// A request (or notification) of the peer that the handler passed to StreamJsonRpc under an id of its own,
/// until its reply has been written (or, for a notification, dropped). Immutable.
/// </summary>
/// <param name="Method">The method, for the call log.</param>
/// <param name="Id">The peer's id, put back into the reply; null for a notification (its reply is dropped).</param>
/// <param name="Batch">The batch whose reply gathers this one, if any.</param>
/// <param name="Started">When it was read (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
/// <param name="Counted">False for bookkeeping (<c>$/enumerator/abort</c>), which the concurrency limit never refuses.</param>
/// <param name="ParamsHoldNull">Whether an argument in its <c>params</c> is JSON null (else no parameter needs a null check).</param>
internal sealed record InboundCall(string Method, MessageId? Id, BatchReply? Batch, long Started, bool Counted, bool ParamsHoldNull);
