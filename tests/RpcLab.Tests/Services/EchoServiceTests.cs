using RpcLab.Services.Echo;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Services;

public sealed class EchoServiceTests
{
    private readonly EchoService _echo = new();

    private static async IAsyncEnumerable<string> Messages(params string[] messages)
    {
        foreach (var message in messages)
        {
            await Task.Yield();
            yield return message;
        }
    }

    [Theory]
    [InlineData("hello", "olleh")]
    [InlineData("", "")]
    [InlineData("ae\u0301b", "be\u0301a")]           // a combining accent stays on its letter
    [InlineData("x\U0001F600y", "y\U0001F600x")]     // a surrogate pair is not split
    [InlineData("a\r\nb", "b\r\na")]                 // CR LF is one element
    [InlineData("\U0001F1EB\U0001F1F7!", "!\U0001F1EB\U0001F1F7")] // a flag (two regional indicators) stays whole
    [InlineData("1\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U0001F468\u200D\U0001F469\u200D\U0001F4671")] // a ZWJ family stays whole
    public async Task Reverse_ReversesTextElements(string message, string expected)
    {
        // Act
        var reversed = await _echo.ReverseAsync(message);

        // Assert
        Assert.Equal(expected, reversed);
    }

    [Fact]
    public async Task Delay_ReturnsTheMessage()
    {
        // Act
        var message = await _echo.DelayAsync("late", 1);

        // Assert
        Assert.Equal("late", message);
    }

    [Fact]
    public async Task Delay_IsCancelledByTheToken()
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        var call = _echo.DelayAsync("never", 60_000, cancellation.Token);

        // Act
        await cancellation.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Delay_NegativeDelay_IsInvalidArgument()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => _echo.DelayAsync("x", -1));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
    }

    [Fact]
    public async Task Collect_JoinsWithOneSpaceInArrivalOrder()
    {
        // Act
        var joined = await _echo.CollectAsync(Messages("a", "bc", "d"));
        var empty = await _echo.CollectAsync(Messages());

        // Assert
        Assert.Equal("a bc d", joined);
        Assert.Equal("", empty);
    }

    [Fact]
    public async Task Repeat_NumbersEachMessage()
    {
        // Act
        var messages = await _echo.RepeatAsync("hi", 3).ToListAsync();
        var none = await _echo.RepeatAsync("hi", 0).ToListAsync();

        // Assert
        Assert.Equal(["hi #1", "hi #2", "hi #3"], messages);
        Assert.Empty(none);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(10_001, 0)]
    [InlineData(3, -1)]
    public async Task Repeat_OutOfRangeArguments_AreInvalidArgument(int count, int intervalMs)
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _echo.RepeatAsync("x", count, intervalMs).ToListAsync());

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
    }

    [Fact]
    public async Task Repeat_StopsWhenCancelled()
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        var received = new List<string>();

        // Act
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var message in _echo.RepeatAsync("tick", 10_000, intervalMs: 1, cancellation.Token))
            {
                received.Add(message);
                if (received.Count == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        // Assert
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(["tick #1", "tick #2"], received);
    }

    [Fact]
    public async Task Chat_AnswersEachMessageAsItArrives()
    {
        // Arrange: the next message is only sent after the answer to the previous one arrived,
        // which deadlocks unless each answer is yielded before the stream ends.
        var incoming = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var answers = new List<string>();
        await incoming.Writer.WriteAsync("one");

        // Act (bounded, so a buffering implementation fails the test instead of hanging it)
        async Task Converse()
        {
            await foreach (var answer in _echo.ChatAsync(incoming.Reader.ReadAllAsync()))
            {
                answers.Add(answer);
                if (answers.Count == 1)
                {
                    await incoming.Writer.WriteAsync("two");
                }
                else
                {
                    incoming.Writer.Complete();
                }
            }
        }

        await Converse().WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(["eno", "owt"], answers);
    }
}
