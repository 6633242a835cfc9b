namespace RpcLab.Services.Contracts;

/// <summary>
/// Names one call of a non-idempotent method: the client that made it and that client's sequence number for it. A
/// client sends the same id on every retry of the same call, so the server (see <see cref="AtMostOnce.ReplyTable"/>) runs
/// the call once and answers a duplicate with the first reply. It is an ordinary, optional contract argument, so it
/// travels on every transport the way the other arguments do; null (what foreign clients send) means "no
/// deduplication": the call runs every time it arrives.
/// </summary>
/// <param name="ClientId">Unique per client (a random id by default); the server keeps one entry per client.</param>
/// <param name="Sequence">Increases with each new call of the client, from 1; a retry repeats it.</param>
public sealed record RequestId(string ClientId, long Sequence);
