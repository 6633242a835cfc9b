using System.Runtime.CompilerServices;

namespace Lab2.Server;

public sealed partial class ShapesService
{
    public async IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long sum = 0;
        await foreach (var number in numbers.WithCancellation(cancellationToken))
        {
            sum += number;
            yield return sum;
        }
    }
}
