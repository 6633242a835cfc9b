namespace Lab2.Server;

public sealed partial class ShapesService
{
    public async Task<string> LongestAsync(IAsyncEnumerable<string> words, CancellationToken cancellationToken)
    {
        var longest = string.Empty;
        await foreach (var word in words.WithCancellation(cancellationToken))
        {
            if (word.Length > longest.Length)
            {
                longest = word;
            }
        }

        return longest;
    }
}
