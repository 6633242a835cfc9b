namespace RpcLab.Transports.JsonRpc;

/// <summary>How an <c>IAsyncEnumerable</c> travels (StreamJsonRpc's object form): <c>{"token": 1}</c>.</summary>
internal sealed record EnumeratorToken(long Token);
