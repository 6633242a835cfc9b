using System.Diagnostics;
using RpcLab.Services.Errors;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Protocol;
using RpcLab.Transports.Rpyc.Server;

namespace RpcLab.Transports.Rpyc.Original;

/// <summary>
/// An rpyc Service as the original servers wrote one: methods named <c>exposed_x</c>, reached as <c>x</c> (or by their
/// full name), each a GETATTR that answers a <c>builtins.method</c>, called with Python's argument rules. Each call is
/// logged once. The name_pack is the original class's (<c>__main__.FileServer</c>), as its script ran it. Thread-safe.
/// </summary>
internal abstract class ExposedService(ServerContext context, string className) : LocalObject
{
    private const string ExposedPrefix = "exposed_";

    protected ServerContext Context { get; } = context;

    public override string TypeName => $"__main__.{className}";

    /// <summary>Each method: its parameters (a default makes one optional) and what it does with the bound arguments.</summary>
    protected abstract IReadOnlyDictionary<string, (ExposedParameter[] Parameters, Func<object?[], CancellationToken, Task<object?>> Body)> Methods { get; }

    public override ValueTask<object?> GetAttrAsync(string name, RpycCall call)
    {
        var plain = name.StartsWith(ExposedPrefix, StringComparison.Ordinal) ? name[ExposedPrefix.Length..] : name;
        return Methods.TryGetValue(plain, out var method)
            ? new(new PyMethod(plain, (args, kwargs, c) => InvokeAsync(plain, method.Parameters, method.Body, args, kwargs, c)))
            : throw NoAttribute(name);
    }

    public override IEnumerable<string> Dir() => Methods.Keys.Select(name => ExposedPrefix + name);

    public override string Repr() => $"<{className} object>";

    private async ValueTask<object?> InvokeAsync(string name, ExposedParameter[] parameters, Func<object?[], CancellationToken, Task<object?>> body, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await body(Bind(name, parameters, args, kwargs), call.CancellationToken).ConfigureAwait(false);
            Context.Log(name, RpcStatusCode.OK, Stopwatch.GetElapsedTime(started), call.Connection.Peer, null);
            return result;
        }
        catch (Exception e)
        {
            Context.Log(name, Vinegar.StatusOf(e), Stopwatch.GetElapsedTime(started), call.Connection.Peer, Vinegar.DetailOf(e));
            if (Vinegar.IsUnexpected(e))
            {
                throw Vinegar.Logged(e);
            }

            throw;
        }
    }

    private static object?[] Bind(string name, ExposedParameter[] parameters, object?[] args, KeywordArgs kwargs)
    {
        if (args.Length > parameters.Length)
        {
            throw PyError.Type($"{name}() takes {parameters.Length + 1} positional arguments but {args.Length + 1} were given");
        }

        var values = new object?[parameters.Length];
        var given = new bool[parameters.Length];
        args.CopyTo(values, 0);
        Array.Fill(given, true, 0, args.Length);
        foreach (var (key, value) in kwargs.Pairs)
        {
            var i = Array.FindIndex(parameters, p => p.Name == key);
            if (i < 0 || given[i])
            {
                throw PyError.Type(i < 0 ? $"{name}() got an unexpected keyword argument '{key}'" : $"{name}() got multiple values for argument '{key}'");
            }

            values[i] = value;
            given[i] = true;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!given[i])
            {
                values[i] = parameters[i].Optional ? parameters[i].Default : throw PyError.Type($"{name}() missing 1 required positional argument: '{parameters[i].Name}'");
            }
        }

        return values;
    }
}
