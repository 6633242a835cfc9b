using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lab5.Server;

/// <summary>Finds the procedure by service, rpc and declared argument types, runs it, and builds the reply message.</summary>
public static class Dispatcher
{
    private sealed record Procedure(string Service, string Rpc, string[] Args, string[] Returns, Func<JsonElement[], CancellationToken, Task<JsonNode?>> Run);

    private static readonly Procedure[] Procedures =
    [
        new("echo", "reverse", ["str"], ["str"], (a, _) => Task.FromResult<JsonNode?>(new string(a[0].GetString()!.Reverse().ToArray()))),
        new("echo", "delay", ["str", "int"], ["str"], async (a, ct) => { await Task.Delay(a[1].GetInt32(), ct); return a[0].GetString(); }),
        new("service1", "rpc1", ["int", "str"], ["str"], (a, _) => Task.FromResult<JsonNode?>(a[0].GetInt32() + a[1].GetString())),
        new("service1", "rpc1", ["int", "int"], ["int"], (a, _) => Task.FromResult<JsonNode?>(a[0].GetInt32() + a[1].GetInt32())),
    ];

    /// <summary>The reply to one request payload: a response, or an exception message of one of the five types (or Protocol Error).</summary>
    public static async Task<JsonObject> HandleAsync(byte[] payload, CancellationToken cancellationToken)
    {
        long? id = null;
        try
        {
            using var json = JsonDocument.Parse(payload);
            var value = json.RootElement.GetProperty("value");
            id = value.GetProperty("id").GetInt64();
            var service = value.GetProperty("service").GetString()!;
            var rpc = value.GetProperty("rpc").GetString()!;
            var argTypes = value.GetProperty("argTypes").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var args = value.GetProperty("args").EnumerateArray().Select(a => a.Clone()).ToArray();
            var ofService = Procedures.Where(p => p.Service == service).ToList();
            if (ofService.Count == 0)
            {
                return Messages.Exception(id, "Service Not Found", $"this server does not provide {service}; it provides {string.Join(", ", Procedures.Select(p => p.Service).Distinct())}");
            }

            var overloads = ofService.Where(p => p.Rpc == rpc).ToList();
            if (overloads.Count == 0)
            {
                return Messages.Exception(id, "RPC Not Found", $"{service} has no rpc {rpc}; it has {string.Join(", ", ofService.Select(p => p.Rpc).Distinct())}");
            }

            var procedure = overloads.FirstOrDefault(p => p.Args.SequenceEqual(argTypes));
            if (procedure is null)
            {
                return Messages.Exception(id, "Invalid Arguments", $"{service}.{rpc} does not take ({string.Join(", ", argTypes)}); valid: {string.Join("; ", overloads.Select(p => $"{rpc}({string.Join(", ", p.Args)}) -> {string.Join(", ", p.Returns)}"))}");
            }

            try
            {
                var result = await procedure.Run(args, cancellationToken);
                return new JsonObject
                {
                    ["header"] = "response",
                    ["value"] = new JsonObject { ["id"] = id, ["returns"] = new JsonArray(result), ["returnTypes"] = new JsonArray([.. procedure.Returns.Select(r => (JsonNode)r)]) },
                };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Messages.Exception(id, "Execution Exception", $"{service}.{rpc} threw {e.GetType().Name}: {e.Message}");
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Messages.Exception(id, "Protocol Error", $"not a request message: {e.Message}");
        }
    }
}
