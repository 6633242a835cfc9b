using RpcLab.Transports.Invocation;

namespace RpcLab.Cli.Calls;

/// <summary>Finds a catalogued method by its wire name and, when the name is wrong, the names the user probably meant.</summary>
public static class MethodNames
{
    /// <summary>The method called <paramref name="name"/> (case-insensitive), or a <see cref="UsageException"/> naming close matches.</summary>
    public static RpcMethod Resolve(string name)
    {
        var method = ServiceCatalog.Find(name)
            ?? ServiceCatalog.Methods.FirstOrDefault(m => string.Equals(m.FullName, name, StringComparison.OrdinalIgnoreCase));
        if (method is not null)
        {
            return method;
        }

        var close = Suggest(name);
        var hint = close.Count > 0
            ? $"did you mean {string.Join(", ", close)}?"
            : $"methods are named service.method, with the services {string.Join(", ", ServiceCatalog.ServiceNames)}";
        throw new UsageException($"unknown method '{name}'; {hint} (see all with: rpclab serve --list)");
    }

    /// <summary>
    /// Up to five names within a small edit distance, or, failing that, the methods of the service the
    /// user named (so "users.fetch" lists users.get and its siblings).
    /// </summary>
    public static IReadOnlyList<string> Suggest(string name)
    {
        var lower = name.ToLowerInvariant();
        var near = ServiceCatalog.Methods
            .Select(m => (m.FullName, Distance: EditDistance(lower, m.FullName.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(2, lower.Length / 4))
            .OrderBy(x => x.Distance)
            .Select(x => x.FullName)
            .Take(5)
            .ToList();
        if (near.Count > 0)
        {
            return near;
        }

        var service = lower.Split('.')[0];
        var sameService = ServiceCatalog.Methods.Where(m => m.Service == service).Select(m => m.FullName).ToList();
        if (sameService.Count > 0)
        {
            return sameService;
        }

        // A bare method name without its service: "reverse" -> echo.reverse.
        return ServiceCatalog.Methods.Where(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)).Select(m => m.FullName).ToList();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
