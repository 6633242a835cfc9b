namespace RpcLab.Services.AtMostOnce;

/// <summary>One client's last call in a <see cref="ReplyTable"/>: which method, which sequence number, and its reply (pending while it runs).</summary>
internal sealed class ReplyEntry(string clientId, string method, long sequence)
{
    public string ClientId { get; } = clientId;

    public string Method { get; } = method;

    public long Sequence { get; } = sequence;

    /// <summary>Completed once, when the first run ends; every duplicate awaits the same task.</summary>
    public TaskCompletionSource<object?> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
