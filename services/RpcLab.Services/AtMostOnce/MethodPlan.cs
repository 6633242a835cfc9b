namespace RpcLab.Services.AtMostOnce;

/// <summary>
/// How <see cref="AtMostOnceProxy"/> handles one contract method, worked out once: where its <see cref="Contracts.RequestId"/>
/// is (-1: none, the call passes through), its key in the <see cref="ReplyTable"/>, and how its Task is boxed into the
/// table's reply and back.
/// </summary>
internal sealed record MethodPlan(int RequestIdIndex, string Key, Func<Task, Task<object?>> Box, Func<Task<object?>, Task> Unbox);
