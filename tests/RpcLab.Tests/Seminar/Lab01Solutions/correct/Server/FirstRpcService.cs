using Grpc.Core;

namespace Lab1.Server;

/// <summary>
/// A correct solution of Lab 1's task: the four methods with the sheet's semantics, and one of its own. Countdown and
/// RunningTotal are files of their own, so a wrong variant replaces just one of them.
/// </summary>
public sealed partial class FirstRpcService : FirstRpc.FirstRpcBase
{
    public override Task<UpperReply> Upper(UpperRequest request, ServerCallContext context) =>
        Task.FromResult(new UpperReply { Text = request.Text.ToUpperInvariant() });

    public override async Task<LongestReply> Longest(IAsyncStreamReader<LongestRequest> requestStream, ServerCallContext context)
    {
        var longest = string.Empty;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (request.Word.Length > longest.Length)
            {
                longest = request.Word;
            }
        }

        return new LongestReply { Word = longest };
    }

    public override async Task Spell(SpellRequest request, IServerStreamWriter<SpellReply> responseStream, ServerCallContext context)
    {
        foreach (var letter in request.Text)
        {
            await responseStream.WriteAsync(new SpellReply { Letter = letter.ToString() }, context.CancellationToken);
        }
    }
}
