using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Objects;

/// <summary>
/// An object of ours that a peer holds a reference to, and what rpyc's handlers do with it. <see cref="TypeName"/>
/// is the name_pack the peer sees: the rpyc client knows <c>builtins.list</c>, <c>builtins.dict</c>,
/// <c>builtins.method</c>, <c>builtins.list_iterator</c> and <c>builtins.generator</c> without asking (INSPECT), so
/// <c>len()</c>, <c>[]</c>, <c>for</c> and <c>next()</c> on them become CALLATTRs of the dunder methods.
/// Implementations are thread-safe: one connection serves its requests in order, but a DEL may race a stream's end.
/// </summary>
internal abstract class LocalObject
{
    /// <summary>The name_pack: module and class, as Python's <c>get_id_pack</c> would name the object.</summary>
    public abstract string TypeName { get; }

    /// <summary>The class name alone, as Python's messages say it ("'list' object has no attribute ...").</summary>
    public string ShortName => TypeName[(TypeName.LastIndexOf('.') + 1)..];

    public virtual ValueTask<object?> GetAttrAsync(string name, RpycCall call) => throw NoAttribute(name);

    public virtual ValueTask<object?> CallAsync(object?[] args, KeywordArgs kwargs, RpycCall call) =>
        throw PyError.Type($"'{ShortName}' object is not callable");

    /// <summary>
    /// <c>obj.name(*args)</c>. The dunders every Python object has are answered here (an f-string's
    /// <c>__format__('')</c> is <c>str()</c>); others are looked up as attributes and called.
    /// </summary>
    public virtual async ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        switch (name)
        {
            case "__str__":
                return Str();
            case "__repr__":
                return Repr();
            case "__format__":
                return args is [string { Length: 0 }] or []
                    ? Str()
                    : throw PyError.Type($"unsupported format string passed to {ShortName}.__format__");
            case "__dir__":
                return Dir().Select(n => (object?)n).ToArray();
        }

        var attribute = await GetAttrAsync(name, call).ConfigureAwait(false);
        return attribute is LocalObject callable
            ? await callable.CallAsync(args, kwargs, call).ConfigureAwait(false)
            : throw PyError.Type($"'{PyValues.TypeNameOf(attribute)}' object is not callable");
    }

    public virtual string Repr() => $"<{TypeName} object>";

    public virtual string Str() => Repr();

    public virtual IEnumerable<string> Dir() => [];

    /// <summary>The peer gave back its last reference, or the connection ended.</summary>
    public virtual void Released()
    {
    }

    protected PyError NoAttribute(string name) => PyError.Attribute($"'{ShortName}' object has no attribute '{name}'");

    protected static void ExpectArgs(object?[] args, int count, string method)
    {
        if (args.Length != count)
        {
            throw PyError.Type($"{method}() takes exactly {count} argument(s) ({args.Length} given)");
        }
    }
}
