namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// The reply to one batch, gathered entry by entry: the replies the handler made itself at once (invalid
/// entries, refusals) and those StreamJsonRpc sends for the batch's requests, in any order, until the last
/// one expected has come. A batch of notifications only expects nothing and is never answered.
/// Thread-safe: entries are added by the reading side and completed by the writing side.
/// </summary>
internal sealed class BatchReply
{
    private readonly List<byte[]> _replies = [];
    private int _pending;
    private bool _sealed;
    private bool _taken;

    /// <summary>One more request whose reply this batch waits for.</summary>
    public void Expect()
    {
        lock (_replies)
        {
            _pending++;
        }
    }

    /// <summary>A reply made at once; never completes the batch before it is sealed.</summary>
    public void Add(byte[] reply)
    {
        lock (_replies)
        {
            _replies.Add(reply);
        }
    }

    /// <summary>The reply to an expected request. Returns the whole batch reply when this was the last one, else null.</summary>
    public byte[]? Complete(byte[] reply)
    {
        lock (_replies)
        {
            _replies.Add(reply);
            _pending--;
            return Take();
        }
    }

    /// <summary>Every entry has been read. Returns the whole batch reply when nothing is left to wait for, else null.</summary>
    public byte[]? Seal()
    {
        lock (_replies)
        {
            _sealed = true;
            return Take();
        }
    }

    private byte[]? Take()
    {
        if (!_sealed || _pending > 0 || _taken || _replies.Count == 0)
        {
            return null;
        }

        _taken = true;
        return WireReplies.Array(_replies);
    }
}
