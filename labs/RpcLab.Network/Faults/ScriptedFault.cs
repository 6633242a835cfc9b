namespace RpcLab.Network.Faults;

/// <summary>
/// One fault applied at a known request (<see cref="FaultPlan.Script"/>): <c>reply-lost:2</c> is
/// <c>new ScriptedFault(FaultKind.ReplyLost, 2)</c>. Requests are counted from 1 across every connection, in the
/// order the proxy read them. <see cref="FaultScript"/> reads and writes the text form.
/// </summary>
/// <param name="Kind">RequestLost, ReplyLost, Reset, HalfOpen, Partition (for <paramref name="Duration"/>, starting when the request arrives, which waits it out), Delay (that request by <paramref name="Duration"/>) or Duplicate (framed only).</param>
/// <param name="Request">The request it applies to, from 1.</param>
/// <param name="Duration">For Partition and Delay: how long.</param>
public sealed record ScriptedFault(FaultKind Kind, int Request, TimeSpan Duration = default);
