using RpcLab.Services.Errors;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// An EXCEPTION message from the peer, as vinegar dumped it: <c>((module, class), args, ((attr, value), ...),
/// traceback)</c>. <see cref="ToRpcException"/> gives the status our server put in <c>rpclab_status</c>, or the one
/// the class implies (<see cref="PyExceptionMap.StatusFor"/>), and the exception's message.
/// </summary>
internal sealed class RemoteError(string module, string className, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> attributes, string traceback)
    : Exception($"{module}.{className}")
{
    public string Module { get; } = module;

    public string ClassName { get; } = className;

    public IReadOnlyList<object?> Args { get; } = args;

    public IReadOnlyDictionary<string, object?> Attributes { get; } = attributes;

    public string Traceback { get; } = traceback;

    /// <summary>What <c>str(exception)</c> prints in Python: the one argument, or the tuple of them.</summary>
    public string Text => Args.Count switch
    {
        0 => ClassName,
        1 => Args[0] as string ?? PyRepr.Of(Args[0]),
        _ => PyRepr.Of(Args.ToArray()),
    };

    public RpcException ToRpcException()
    {
        var status = Attributes.GetValueOrDefault(PyExceptionMap.StatusAttribute) is string name && PyExceptionMap.TryParseStatus(name, out var said)
            ? said
            : PyExceptionMap.StatusFor(Module, ClassName);
        return new RpcException(status, Attributes.ContainsKey(PyExceptionMap.StatusAttribute) ? Text : $"{ClassName}: {Text}", this);
    }

    /// <summary>Reads vinegar's tuple; null when the payload is not one (the connection is then out of step).</summary>
    public static Exception? Parse(object? payload)
    {
        if (payload is long stop && stop == Wire.RpycConsts.ExcStopIteration)
        {
            return new StopIterationError();
        }

        if (payload is string legacy)
        {
            return new RemoteError("builtins", "Exception", [legacy], new Dictionary<string, object?>(), string.Empty);
        }

        if (payload is not object?[] { Length: 4 } parts
            || parts[0] is not object?[] { Length: 2 } type || type[0] is not string module || type[1] is not string className
            || parts[1] is not object?[] args || parts[2] is not object?[] attrs)
        {
            return null;
        }

        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var attr in attrs)
        {
            if (attr is object?[] { Length: 2 } pair && pair[0] is string key)
            {
                attributes[key] = pair[1];
            }
        }

        return new RemoteError(module, className, args, attributes, parts[3] as string ?? string.Empty);
    }
}
