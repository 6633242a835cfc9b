using RpcLab.Transports.Invocation;
using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Server;

/// <summary>
/// A Python call's arguments bound to a catalog method as Python binds them: positional first, then keywords by the
/// parameter's name (as declared, <c>intervalMs</c>, or in snake_case, <c>interval_ms</c>), defaults for what is left
/// out, and Python's own TypeError messages for too many, missing, duplicate or unknown arguments. The request stream's
/// argument (any iterable: a list, a tuple, a generator) is returned as it came, for <see cref="RequestStream"/>. Thread-safe.
/// </summary>
internal static class ArgumentBinder
{
    public static async Task<(object?[] Values, object? StreamSource)> BindAsync(RpcMethod method, object?[] args, KeywordArgs kwargs, CancellationToken cancellationToken)
    {
        var declared = method.DeclaredParameters;
        if (args.Length > declared.Count)
        {
            throw PyError.Type($"{method.FullName}() takes {declared.Count} positional argument(s) ({string.Join(", ", declared.Select(p => p.Name))}) but {args.Length} were given");
        }

        var slots = new object?[declared.Count];
        var given = new bool[declared.Count];
        for (var i = 0; i < args.Length; i++)
        {
            slots[i] = args[i];
            given[i] = true;
        }

        foreach (var (key, value) in kwargs.Pairs)
        {
            var index = -1;
            for (var i = 0; i < declared.Count; i++)
            {
                if (declared[i].Name == key || PyValues.KeyOf(declared[i].Name) == key)
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                throw PyError.Type($"{method.FullName}() got an unexpected keyword argument '{key}'");
            }

            if (given[index])
            {
                throw PyError.Type($"{method.FullName}() got multiple values for argument '{key}'");
            }

            slots[index] = value;
            given[index] = true;
        }

        var values = new object?[method.Parameters.Count];
        object? streamSource = null;
        for (int i = 0, j = 0; i < declared.Count; i++)
        {
            var parameter = declared[i];
            if (!given[i] && !parameter.IsOptional)
            {
                throw PyError.Type($"{method.FullName}() missing required argument: '{parameter.Name}'");
            }

            if (parameter.IsStream)
            {
                streamSource = slots[i];
                continue;
            }

            var value = given[i]
                ? await PyValues.ToClrAsync(slots[i], parameter.Type, $"argument '{parameter.Name}'", cancellationToken).ConfigureAwait(false)
                : parameter.DefaultValue;
            values[j++] = value is null && given[i] && !parameter.AllowsNull
                ? throw PyError.Type($"argument '{parameter.Name}' must not be None")
                : value;
        }

        return (values, streamSource);
    }

    /// <summary>The request stream's items, read from <paramref name="source"/> as the handler asks for them, each converted to the method's item type.</summary>
    public static async IAsyncEnumerable<object?> RequestStream(RpcMethod method, object? source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in PyValues.Iterate(source, "the request stream", cancellationToken).ConfigureAwait(false))
        {
            yield return await PyValues.ToClrAsync(item, method.RequestItemType!, "a request stream item", cancellationToken).ConfigureAwait(false);
        }
    }
}
