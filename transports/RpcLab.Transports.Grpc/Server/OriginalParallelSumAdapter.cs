using System.Globalization;
using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcException = RpcLab.Services.Errors.RpcException;
using RpcLab.Transports.Grpc.Protos.Original.ParallelSum;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// Serves the original course project's <c>ParallelSum.ParallelSum/ReturnSum</c> with our
/// <see cref="IParallelSumService"/>, so its unchanged Python client works: arrays as space-separated
/// integers in, <c>sum of array is : [2, 4, 6, 8, 10]</c> (Python's <c>str(list)</c>) out. Thread-safe.
/// </summary>
internal sealed class OriginalParallelSumAdapter(IParallelSumService sum) : ParallelSum.ParallelSumBase
{
    public override async Task<ARR2> ReturnSum(ARR1 request, ServerCallContext context)
    {
        var result = await sum.SumAsync(ParseArray(request.Arr1, "arr1"), ParseArray(request.Arr2, "arr2"), 0, context.CancellationToken).ConfigureAwait(false);
        return new ARR2 { Message = FormatReply(result.Sum) };
    }

    internal static int[] ParseArray(string text, string field)
    {
        var items = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
            {
                throw RpcException.InvalidArgument($"{field}: '{items[i]}' is not an integer (expected space-separated integers such as \"1 2 3\")");
            }
        }

        return values;
    }

    internal static string FormatReply(long[] sums) =>
        "sum of array is : [" + string.Join(", ", sums.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";
}
