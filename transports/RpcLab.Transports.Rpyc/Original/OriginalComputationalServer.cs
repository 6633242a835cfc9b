using System.Numerics;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Protocol;
using RpcLab.Transports.Rpyc.Server;

namespace RpcLab.Transports.Rpyc.Original;

/// <summary>
/// The original project's ComputationalServer (part 3). <c>find_sum(n1, n2)</c> is Python's <c>n1 + n2</c>: ints add
/// exactly, of any size (BigInteger: the compute service's double would print 3 as 3.0), a float goes through the
/// compute service, two str or two bytes concatenate, anything else is Python's TypeError. <c>sort_array(arr_str)</c>
/// is <c>sorted(arr_str.split(" "))</c>: strings, not numbers ("10" before "9"), in code point order, answered as a
/// list reference the client prints with an f-string. Thread-safe.
/// </summary>
internal sealed class OriginalComputationalServer(ServerContext context) : ExposedService(context, "ComputationalServer")
{
    protected override IReadOnlyDictionary<string, (ExposedParameter[] Parameters, Func<object?[], CancellationToken, Task<object?>> Body)> Methods =>
        field ??= new Dictionary<string, (ExposedParameter[], Func<object?[], CancellationToken, Task<object?>>)>(StringComparer.Ordinal)
        {
            ["find_sum"] = ([new("n1"), new("n2")], FindSumAsync),
            ["sort_array"] = ([new("arr_str")], SortArray),
        };

    /// <summary>Python's order of str: by code point, which UTF-16 order is not past U+FFFF.</summary>
    public static int CompareByCodePoint(string? a, string? b)
    {
        var left = (a ?? string.Empty).EnumerateRunes();
        var right = (b ?? string.Empty).EnumerateRunes();
        while (true)
        {
            var moreLeft = left.MoveNext();
            var moreRight = right.MoveNext();
            if (!moreLeft || !moreRight)
            {
                return moreLeft.CompareTo(moreRight);
            }

            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }

    private async Task<object?> FindSumAsync(object?[] args, CancellationToken cancellationToken)
    {
        var (a, b) = (AsInteger(args[0]), AsInteger(args[1]));
        switch (args[0], args[1])
        {
            case var _ when a is { } x && b is { } y:
                var sum = x + y;
                return sum >= long.MinValue && sum <= long.MaxValue ? (long)sum : sum;
            case (double or long or BigInteger or bool, double or long or BigInteger or bool):
                return await Context.Services.Compute.AddAsync(AsDouble(args[0]), AsDouble(args[1]), cancellationToken).ConfigureAwait(false);
            case (string s1, string s2):
                return s1 + s2;
            case (byte[] b1, byte[] b2):
                return (byte[])[.. b1, .. b2];
            default:
                throw PyError.Type($"unsupported operand type(s) for +: '{PyValues.TypeNameOf(args[0])}' and '{PyValues.TypeNameOf(args[1])}'");
        }
    }

    private Task<object?> SortArray(object?[] args, CancellationToken cancellationToken)
    {
        if (args[0] is not string text)
        {
            throw PyError.Attribute($"'{PyValues.TypeNameOf(args[0])}' object has no attribute 'split'");
        }

        var parts = text.Split(' ');
        Array.Sort(parts, CompareByCodePoint);
        return Task.FromResult<object?>(new PyList(parts.Select(p => (object?)p).ToArray()));
    }

    private static BigInteger? AsInteger(object? value) => value switch
    {
        long l => l,
        BigInteger big => big,
        bool flag => flag ? 1 : 0,
        _ => null,
    };

    private static double AsDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        BigInteger big => (double)big,
        bool flag => flag ? 1 : 0,
        _ => 0,
    };
}
