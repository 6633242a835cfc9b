using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Objects;

/// <summary>
/// A record a call returned (a user, a file entry, a job) or the original download's <c>{"data", "error"}</c>, sent
/// as a <c>builtins.dict</c> reference: Python code reads it as <c>u["name"]</c>, as it would a dict (a tuple
/// crashed the original client: "tuple indices must be integers"). Keys keep their order, as a dict's do; read-only.
/// Thread-safe.
/// </summary>
internal sealed class PyDict(IReadOnlyList<KeyValuePair<string, object?>> entries) : LocalObject
{
    public IReadOnlyList<KeyValuePair<string, object?>> Entries { get; } = entries;

    public override string TypeName => "builtins.dict";

    public override ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        switch (name)
        {
            case "__getitem__":
                ExpectArgs(args, 1, "dict.__getitem__");
                return TryGet(args[0], out var value) ? new(value) : throw PyError.Key(PyRepr.Of(args[0]));
            case "get":
                if (args.Length is < 1 or > 2)
                {
                    throw PyError.Type($"get expected 1 or 2 arguments, got {args.Length}");
                }

                return new(TryGet(args[0], out var found) ? found : args.Length == 2 ? args[1] : null);
            case "__contains__":
                ExpectArgs(args, 1, "dict.__contains__");
                return new(TryGet(args[0], out _));
            case "__len__":
                return new((long)Entries.Count);
            case "__iter__":
            case "keys":
                return new(name == "keys" ? new PyList(Keys()) : new PyListIterator(Keys()));
            case "values":
                return new(new PyList(Entries.Select(e => e.Value).ToArray()));
            case "items":
                return new(new PyList(Entries.Select(e => (object?)new object?[] { e.Key, e.Value }).ToArray()));
            default:
                return base.CallAttrAsync(name, args, kwargs, call);
        }
    }

    public override string Repr() => $"{{{string.Join(", ", Entries.Select(e => $"{PyRepr.Of(e.Key)}: {PyRepr.Of(e.Value)}"))}}}";

    public override IEnumerable<string> Dir() => ["__contains__", "__getitem__", "__iter__", "__len__", "get", "items", "keys", "values"];

    private object?[] Keys() => Entries.Select(e => (object?)e.Key).ToArray();

    private bool TryGet(object? key, out object? value)
    {
        foreach (var entry in Entries)
        {
            if (key is string k && k == entry.Key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
