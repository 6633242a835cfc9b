namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>A call's keyword arguments, in the order the caller gave them (rpyc sends <c>tuple(kwargs.items())</c>).</summary>
internal sealed class KeywordArgs(IReadOnlyList<KeyValuePair<string, object?>> pairs)
{
    public static readonly KeywordArgs None = new([]);

    public IReadOnlyList<KeyValuePair<string, object?>> Pairs { get; } = pairs;

    public int Count => Pairs.Count;
}
