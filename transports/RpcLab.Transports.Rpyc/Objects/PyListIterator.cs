using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Objects;

/// <summary><c>iter(list)</c>: a <c>builtins.list_iterator</c> whose <c>__next__</c> ends with StopIteration. Thread-safe.</summary>
internal sealed class PyListIterator(IReadOnlyList<object?> items) : LocalObject
{
    private int _next;

    public override string TypeName => "builtins.list_iterator";

    public override ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        switch (name)
        {
            case "__next__":
                var i = Interlocked.Increment(ref _next) - 1;
                return i < items.Count ? new(items[i]) : throw new StopIterationError();
            case "__iter__":
                return new(this);
            case "__length_hint__":
                return new((long)Math.Max(0, items.Count - Volatile.Read(ref _next)));
            default:
                return base.CallAttrAsync(name, args, kwargs, call);
        }
    }

    public override string Repr() => "<list_iterator object>";
}
