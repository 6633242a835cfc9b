using System.Text.Json;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// The methods the examples of section 7 of the JSON-RPC 2.0 specification call, so each exchange there
/// can be replayed against our server verbatim: <c>subtract</c> (positional <c>[minuend, subtrahend]</c> or
/// named), <c>sum</c>, <c>update</c>, <c>get_data</c>, <c>notify_hello</c>, <c>notify_sum</c>. (<c>foobar</c>
/// and <c>foo.get</c> are deliberately absent: the examples expect -32601.) Numbers are decimals, so
/// 0.3 - 0.1 is 0.2. Stateless and thread-safe.
/// </summary>
internal static class SpecExampleMethods
{
    public static IReadOnlyDictionary<string, JsonRpcHandler> Methods { get; } = new Dictionary<string, JsonRpcHandler>(StringComparer.Ordinal)
    {
        ["subtract"] = context => Task.FromResult<object?>(Subtract(context.Params)),
        ["sum"] = context => Task.FromResult<object?>(Sum(context.Params)),
        ["update"] = _ => Task.FromResult<object?>(null),
        ["get_data"] = _ => Task.FromResult<object?>(new object[] { "hello", 5 }),
        ["notify_hello"] = _ => Task.FromResult<object?>(null),
        ["notify_sum"] = context => Task.FromResult<object?>(Sum(context.Params)),
    };

    /// <summary>The signatures, for <c>--list</c>.</summary>
    public static IEnumerable<string> Describe() =>
    [
        "subtract(minuend: number, subtrahend: number) -> number  (positional or named)",
        "sum(number...) -> number",
        "update(any...) -> null  (the spec sends it as a notification)",
        "get_data() -> [\"hello\", 5]",
        "notify_hello(any...) -> null  (the spec sends it as a notification)",
        "notify_sum(number...) -> number  (the spec sends it as a notification)",
    ];

    private static decimal Subtract(JsonElement? parameters)
    {
        var (minuend, subtrahend) = parameters switch
        {
            { ValueKind: JsonValueKind.Array } p when p.GetArrayLength() == 2 => (p[0], p[1]),
            { ValueKind: JsonValueKind.Object } p when p.TryGetProperty("minuend", out var m) && p.TryGetProperty("subtrahend", out var s) => (m, s),
            _ => throw JsonRpcErrorException.InvalidParams("subtract takes [minuend, subtrahend] or {\"minuend\": m, \"subtrahend\": s}"),
        };
        return Number(minuend, "minuend") - Number(subtrahend, "subtrahend");
    }

    private static decimal Sum(JsonElement? parameters)
    {
        if (parameters is not { ValueKind: JsonValueKind.Array } array)
        {
            throw JsonRpcErrorException.InvalidParams("sum takes an array of numbers");
        }

        var total = 0m;
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            total += Number(item, $"params[{i++}]");
        }

        return total;
    }

    private static decimal Number(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d)
            ? d
            : throw JsonRpcErrorException.InvalidParams($"parameter '{name}' must be a number, got {value.GetRawText()}");
}
