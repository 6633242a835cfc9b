using RpcLab.Cli.Options;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Cli;

/// <summary><c>--backoff</c>: an initial duration, then a multiplier, a cap and jitter in any order.</summary>
public sealed class BackoffSyntaxTests
{
    [Fact]
    public void Every_part_sets_its_field_and_the_rest_keep_their_defaults()
    {
        var full = BackoffSyntax.TryApply(new RetryOptions(), "250ms,1.5x,max=2s,nojitter", out var error)!;
        var initialOnly = BackoffSyntax.TryApply(new RetryOptions(), "1s", out _)!;

        Assert.Null(error);
        Assert.Equal((TimeSpan.FromMilliseconds(250), 1.5, TimeSpan.FromSeconds(2), false), (full.InitialBackoff, full.Multiplier, full.MaxBackoff, full.Jitter));
        Assert.Equal((TimeSpan.FromSeconds(1), 2.0, true), (initialOnly.InitialBackoff, initialOnly.Multiplier, initialOnly.Jitter));
        Assert.Equal(TimeSpan.FromSeconds(2), full.Backoff(10));
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("100ms,double")]
    [InlineData("-5ms")]
    public void A_word_it_cannot_read_is_one_sentence_naming_the_syntax(string words)
    {
        Assert.Null(BackoffSyntax.TryApply(new RetryOptions(), words, out var error));
        Assert.Contains("--backoff", error);
    }
}
