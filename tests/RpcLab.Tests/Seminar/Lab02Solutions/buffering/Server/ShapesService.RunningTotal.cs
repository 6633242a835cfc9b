using System.Runtime.CompilerServices;

namespace Lab2.Server;

// Wrong on purpose: reads every number before it answers the first, so a client that waits for each answer
// before sending the next number waits forever.
public sealed partial class ShapesService
{
    public async IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var all = new List<long>();
        await foreach (var number in numbers.WithCancellation(cancellationToken))
        {
            all.Add(number);
        }

        long sum = 0;
        foreach (var number in all)
        {
            sum += number;
            yield return sum;
        }
    }
}
