using Grpc.Core;

namespace Lab1.Server;

/// <summary>A correct solution of Lab 1's task: the four methods with the sheet's semantics, and one of its own.</summary>
public sealed class FirstRpcService : FirstRpc.FirstRpcBase
{
    public override Task<UpperReply> Upper(UpperRequest request, ServerCallContext context) =>
        Task.FromResult(new UpperReply { Text = request.Text.ToUpperInvariant() });

    public override async Task Countdown(CountdownRequest request, IServerStreamWriter<CountdownReply> responseStream, ServerCallContext context)
    {
        for (var value = request.N; value >= 1; value--)
        {
            await responseStream.WriteAsync(new CountdownReply { Value = value }, context.CancellationToken);
        }
    }

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

    public override async Task RunningTotal(IAsyncStreamReader<RunningTotalRequest> requestStream, IServerStreamWriter<RunningTotalReply> responseStream, ServerCallContext context)
    {
        long total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            total += request.Number;
            await responseStream.WriteAsync(new RunningTotalReply { Total = total }, context.CancellationToken);
        }
    }

    public override async Task Spell(SpellRequest request, IServerStreamWriter<SpellReply> responseStream, ServerCallContext context)
    {
        foreach (var letter in request.Text)
        {
            await responseStream.WriteAsync(new SpellReply { Letter = letter.ToString() }, context.CancellationToken);
        }
    }
}
