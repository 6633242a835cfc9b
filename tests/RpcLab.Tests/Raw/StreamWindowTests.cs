using RpcLab.Transports.Raw.Streams;

namespace RpcLab.Tests.Raw;

/// <summary>Stream flow control: a receiver buffers at most the window and grants room back as its consumer takes items.</summary>
public sealed class StreamWindowTests
{
    [Fact]
    public async Task A_receiver_takes_a_window_of_items_and_grants_more_as_they_are_consumed()
    {
        var grants = new List<int>();
        var stream = new InboundStream<int>(count =>
        {
            grants.Add(count);
            return ValueTask.CompletedTask;
        });

        var accepted = Enumerable.Range(1, StreamWindow.Items + 1).Select(stream.TryAdd).ToList();
        stream.Complete();
        var consumed = new List<int>();
        await foreach (var item in stream.ReadAllAsync())
        {
            consumed.Add(item);
        }

        Assert.Equal(Enumerable.Repeat(true, StreamWindow.Items).Append(false), accepted);
        Assert.Equal(Enumerable.Range(1, StreamWindow.Items), consumed);
        Assert.Equal([StreamWindow.GrantEvery, StreamWindow.GrantEvery], grants);
    }

    [Fact]
    public async Task A_sender_waits_for_credit_beyond_the_window()
    {
        var credits = new OutboundCredits();
        for (var i = 0; i < StreamWindow.Items; i++)
        {
            await credits.WaitAsync(CancellationToken.None);
        }

        var next = credits.WaitAsync(CancellationToken.None);
        var waitedBeforeGrant = !next.IsCompleted;
        credits.Grant(1);
        await next.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(waitedBeforeGrant);
    }
}
