using System.Reflection;
using System.Text.Json;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// The methods the examples of section 7 of the JSON-RPC 2.0 specification call, so each exchange there can
/// be replayed against our server verbatim: <c>subtract</c> (positional <c>[minuend, subtrahend]</c> or named),
/// <c>sum</c>, <c>update</c>, <c>get_data</c>, <c>notify_hello</c>, <c>notify_sum</c>. (<c>foobar</c> and
/// <c>foo.get</c> are deliberately absent: the examples expect -32601.) StreamJsonRpc binds their params like any
/// other method's; the specification's variadic ones (<c>sum</c>, <c>update</c>, ...) take up to
/// <see cref="MaxArguments"/> optional arguments, since a .NET method has a fixed list of parameters. Numbers are
/// decimals, so 0.3 - 0.1 is 0.2. Stateless and thread-safe.
/// </summary>
internal sealed class SpecExampleMethods
{
    /// <summary>How many arguments the variadic methods take at most.</summary>
    public const int MaxArguments = 8;

    public static SpecExampleMethods Instance { get; } = new();

    /// <summary>The wire names, the methods that serve them and their parameters (read once, not on each connection).</summary>
    public static IReadOnlyList<(string Name, MethodInfo Method, IReadOnlyList<RpcParameter> Parameters)> Methods { get; } =
    [
        Entry("subtract", nameof(Subtract)),
        Entry("sum", nameof(Sum)),
        Entry("update", nameof(Update)),
        Entry("get_data", nameof(GetData)),
        Entry("notify_hello", nameof(Update)),
        Entry("notify_sum", nameof(Sum)),
    ];

    /// <summary>The signatures, for <c>--list</c>.</summary>
    public static IEnumerable<string> Describe() =>
    [
        "subtract(minuend: number, subtrahend: number) -> number  (positional or named)",
        $"sum(number...) -> number  (up to {MaxArguments} numbers)",
        $"update(any...) -> null  (the spec sends it as a notification; up to {MaxArguments} values)",
        "get_data() -> [\"hello\", 5]",
        $"notify_hello(any...) -> null  (the spec sends it as a notification; up to {MaxArguments} values)",
        $"notify_sum(number...) -> number  (the spec sends it as a notification; up to {MaxArguments} numbers)",
    ];

    public decimal Subtract(decimal minuend, decimal subtrahend) => minuend - subtrahend;

#pragma warning disable CA1822, IDE0060 // instance methods, so StreamJsonRpc invokes them on Instance like the services; the arguments are taken and ignored
    public decimal Sum(decimal a = 0, decimal b = 0, decimal c = 0, decimal d = 0, decimal e = 0, decimal f = 0, decimal g = 0, decimal h = 0) =>
        a + b + c + d + e + f + g + h;

    public void Update(JsonElement? a = null, JsonElement? b = null, JsonElement? c = null, JsonElement? d = null, JsonElement? e = null, JsonElement? f = null, JsonElement? g = null, JsonElement? h = null)
    {
    }

    public object[] GetData() => ["hello", 5];
#pragma warning restore CA1822, IDE0060

    private static (string, MethodInfo, IReadOnlyList<RpcParameter>) Entry(string name, string methodName)
    {
        var method = typeof(SpecExampleMethods).GetMethod(methodName)!;
        return (name, method, RpcParameter.Of(method));
    }
}
