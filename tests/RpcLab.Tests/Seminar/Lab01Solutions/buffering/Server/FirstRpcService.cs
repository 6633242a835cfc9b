using Grpc.Core;

namespace Lab1.Server;

/// <summary>Lab 1's solution with a buffering RunningTotal: it reads every number before it answers any.</summary>
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
        var totals = new List<long>();
        long total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            total += request.Number;
            totals.Add(total);
        }

        foreach (var sum in totals)
        {
            await responseStream.WriteAsync(new RunningTotalReply { Total = sum }, context.CancellationToken);
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
