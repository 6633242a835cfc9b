using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Objects;

/// <summary>
/// A bound method (<c>conn.root.echo.reverse</c>), sent as <c>builtins.method</c>: calling it is a CALL.
/// <paramref name="invoke"/> does the work; <paramref name="name"/> is what its repr says. Thread-safe.
/// </summary>
internal sealed class PyMethod(string name, Func<object?[], KeywordArgs, RpycCall, ValueTask<object?>> invoke) : LocalObject
{
    public override string TypeName => "builtins.method";

    public string Name { get; } = name;

    public override ValueTask<object?> CallAsync(object?[] args, KeywordArgs kwargs, RpycCall call) => invoke(args, kwargs, call);

    public override ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call) =>
        name == "__call__" ? invoke(args, kwargs, call) : base.CallAttrAsync(name, args, kwargs, call);

    public override string Repr() => $"<bound method {Name}>";
}
