using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Objects;

/// <summary>
/// A list a call returned, sent as rpyc sends a Python list: a <c>builtins.list</c> reference, so <c>len()</c>,
/// indexing, iteration and printing behave as on a list (the original client printed show_files' <c>[...]</c>).
/// Read-only: the items are a snapshot of the result. Thread-safe.
/// </summary>
internal sealed class PyList(IReadOnlyList<object?> items) : LocalObject
{
    public IReadOnlyList<object?> Items { get; } = items;

    public override string TypeName => "builtins.list";

    public override ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        switch (name)
        {
            case "__len__":
                ExpectArgs(args, 0, "list.__len__");
                return new((long)Items.Count);
            case "__iter__":
                ExpectArgs(args, 0, "list.__iter__");
                return new(new PyListIterator(Items));
            case "__getitem__":
                ExpectArgs(args, 1, "list.__getitem__");
                return new(Items[Index(args[0])]);
            case "__contains__":
                ExpectArgs(args, 1, "list.__contains__");
                return new(Items.Any(item => PyValues.AreEqual(item, args[0])));
            case "count":
                ExpectArgs(args, 1, "list.count");
                return new((long)Items.Count(item => PyValues.AreEqual(item, args[0])));
            case "index":
                ExpectArgs(args, 1, "list.index");
                var at = Items.ToList().FindIndex(item => PyValues.AreEqual(item, args[0]));
                return at >= 0 ? new((long)at) : throw PyError.Value($"{PyRepr.Of(args[0])} is not in list");
            default:
                return base.CallAttrAsync(name, args, kwargs, call);
        }
    }

    public override string Repr() => $"[{string.Join(", ", Items.Select(PyRepr.Of))}]";

    public override IEnumerable<string> Dir() => ["__contains__", "__getitem__", "__iter__", "__len__", "count", "index"];

    private int Index(object? key)
    {
        if (key is not long index)
        {
            throw PyError.Type($"list indices must be integers, not {PyValues.TypeNameOf(key)}");
        }

        var i = index < 0 ? index + Items.Count : index;
        return i >= 0 && i < Items.Count ? (int)i : throw PyError.Index("list index out of range");
    }
}
