using RpcLab.Network.Faults;

namespace RpcLab.Tests.Faults;

/// <summary>The words and scripts of a fault plan: what they set, and errors that name the wrong word.</summary>
public sealed class FaultWordsTests
{
    [Fact]
    public void Words_set_both_directions_or_one()
    {
        var plan = FaultWords.Apply(FaultPlan.None, ["latency=20ms", "down.loss=10%", "up.bandwidth=64k", "frames=raw", "seed=7", "script=reply-lost:2,partition:5+1.5s"]);

        Assert.Equal(TimeSpan.FromMilliseconds(20), plan.Requests.Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(20), plan.Replies.Latency);
        Assert.Equal(0.1, plan.Replies.Loss, 6);
        Assert.Equal(0, plan.Requests.Loss);
        Assert.Equal(64 * 1024, plan.Requests.BytesPerSecond);
        Assert.Equal(MessageFraming.Raw, plan.Framing);
        Assert.Equal(7, plan.Seed);
        Assert.Equal([new ScriptedFault(FaultKind.ReplyLost, 2), new ScriptedFault(FaultKind.Partition, 5, TimeSpan.FromMilliseconds(1500))], plan.Script);
    }

    [Fact]
    public void Formatted_words_read_back_to_the_same_plan()
    {
        var plan = FaultWords.Apply(FaultPlan.None, ["labrpc", "long-reordering", "frames=newline", "seed=3", "up.slice=16", "script=delay:2+300ms,duplicate:3"]);

        var again = FaultWords.Apply(FaultPlan.None, [FaultWords.Format(plan)]);

        Assert.Equal(FaultWords.Format(plan), FaultWords.Format(again));
        Assert.Equal(plan.Replies.LongDelay, again.Replies.LongDelay, 2);
    }

    [Theory]
    [InlineData("latency=fast", "'latency=fast'")]
    [InlineData("loss=150%", "probability")]
    [InlineData("wobble=3", "unknown fault 'wobble'")]
    [InlineData("frames=http", "frames is none, raw")]
    [InlineData("script=reply-lost:0", "N must be a whole number")]
    [InlineData("script=partition:2", "needs a duration")]
    [InlineData("script=lost:2", "expected kind:N")]
    [InlineData("duplicate=5%", "duplicate needs frames=")]
    [InlineData("latency", "a fault is name=value")]
    public void A_wrong_word_is_an_error_naming_it(string word, string expected)
    {
        var error = Assert.Throws<FormatException>(() => FaultWords.Apply(FaultPlan.None, [word]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
