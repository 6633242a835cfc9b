namespace Lab2.Server;

// Wrong on purpose: collects the words and takes the longest with Aggregate, which throws on no words.
public sealed partial class ShapesService
{
    public async Task<string> LongestAsync(IAsyncEnumerable<string> words, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        await foreach (var word in words.WithCancellation(cancellationToken))
        {
            all.Add(word);
        }

        return all.Aggregate((longest, word) => word.Length > longest.Length ? word : longest);
    }
}
