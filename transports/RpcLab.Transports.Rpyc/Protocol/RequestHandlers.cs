using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// What each rpyc handler does with our objects (rpyc/core/protocol.py's <c>_handle_*</c>): PING, CLOSE, GETROOT,
/// GETATTR, CALL, CALLATTR, REPR, STR, HASH, DIR, DEL, INSPECT, and RpcLab's RPCLAB_VALUES. Any other handler
/// (SETATTR, PICKLE, BUFFITER, ...) is answered with NotImplementedError. Stateless and thread-safe.
/// </summary>
internal static class RequestHandlers
{
    public static async ValueTask<object?> HandleAsync(RpycConnection connection, int handler, object?[] args, RpycCall call)
    {
        switch (handler)
        {
            case RpycConsts.HandlePing:
                return args.Length > 0 ? args[0] : null;
            case RpycConsts.HandleClose:
                return null;
            case RpycConsts.HandleGetRoot:
                return connection.Root;
            case RpycConsts.HandleGetAttr:
                return await Target(args, 2, handler).GetAttrAsync(Name(args[1]), call).ConfigureAwait(false);
            case RpycConsts.HandleCall:
                return await Target(args, 1, handler).CallAsync(Tuple(args, 1), Keywords(args, 2), call).ConfigureAwait(false);
            case RpycConsts.HandleCallAttr:
                return await Target(args, 2, handler).CallAttrAsync(Name(args[1]), Tuple(args, 2), Keywords(args, 3), call).ConfigureAwait(false);
            case RpycConsts.HandleRepr:
                return Target(args, 1, handler).Repr();
            case RpycConsts.HandleStr:
                return Target(args, 1, handler).Str();
            case RpycConsts.HandleHash:
                return (long)System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Target(args, 1, handler));
            case RpycConsts.HandleDir:
                return Target(args, 1, handler).Dir().Select(name => (object?)name).ToArray();
            case RpycConsts.HandleDel:
                if (args.Length > 0 && args[0] is LocalObject)
                {
                    connection.Release(args[0]!, args.Length > 1 && args[1] is long count ? count : 1);
                }

                return null;
            case RpycConsts.HandleInspect:
                // The methods the peer's proxy class should have beyond rpyc's own: none, so every attribute is a
                // GETATTR, as the original servers' exposed_ names were (their INSPECT listed exposed_x, never x).
                return Array.Empty<object?>();
            case RpycConsts.HandleRpcLabValues:
                connection.ResultsByValue = true;
                return true;
            default:
                throw PyError.NotImplemented($"RpcLab's rpyc server does not serve {RpycConsts.HandlerName(handler)}");
        }
    }

    private static LocalObject Target(object?[] args, int count, int handler) =>
        args.Length >= count && args[0] is LocalObject target
            ? target
            : throw PyError.Type($"{RpycConsts.HandlerName(handler)} needs one of this connection's objects and {count - 1} more argument(s)");

    private static string Name(object? name) => name switch
    {
        string s => s,
        byte[] b => System.Text.Encoding.UTF8.GetString(b),
        _ => throw PyError.Type("name must be a string"),
    };

    private static object?[] Tuple(object?[] args, int index) =>
        index < args.Length ? args[index] as object?[] ?? throw PyError.Type("call arguments must be a tuple") : [];

    private static KeywordArgs Keywords(object?[] args, int index)
    {
        if (index >= args.Length || args[index] is null)
        {
            return KeywordArgs.None;
        }

        if (args[index] is not object?[] pairs)
        {
            throw PyError.Type("keyword arguments must be a tuple of (name, value) pairs");
        }

        var list = new List<KeyValuePair<string, object?>>(pairs.Length);
        foreach (var pair in pairs)
        {
            list.Add(pair is object?[] { Length: 2 } p && p[0] is string key
                ? new KeyValuePair<string, object?>(key, p[1])
                : throw PyError.Type("keyword arguments must be a tuple of (name, value) pairs"));
        }

        return new KeywordArgs(list);
    }
}
