using Spectre.Console;

namespace RpcLab.Cli.Menus;

/// <summary>
/// Progress bars for transfers (Spectre's <see cref="Progress"/>) on a terminal; without one, the work just runs, and
/// the caller prints one line when it ends (a bar redrawn into a log or a pipe is noise).
/// </summary>
public static class Transfers
{
    /// <summary>Runs <paramref name="work"/>, feeding a bar of <paramref name="total"/> bytes through the callback it is given.</summary>
    public static async Task<T> RunAsync<T>(MenuContext context, string description, long total, Func<Action<int>, Task<T>> work)
    {
        if (!context.Interactive)
        {
            return await work(static _ => { }).ConfigureAwait(false);
        }

        T result = default!;
        await Bars(context).StartAsync(async progress =>
        {
            var task = progress.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
            result = await work(bytes => task.Increment(bytes)).ConfigureAwait(false);
            task.Value = task.MaxValue;
        }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Follows a transfer running elsewhere (a background upload) with a bar until it ends.</summary>
    public static async Task FollowAsync(MenuContext context, string description, long total, Func<long> done, Task transfer, CancellationToken cancellationToken)
    {
        await Bars(context).StartAsync(async progress =>
        {
            var task = progress.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
            while (!transfer.IsCompleted)
            {
                task.Value = done();
                await Task.WhenAny(transfer, Task.Delay(100, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            task.Value = transfer.IsCompletedSuccessfully ? task.MaxValue : done();
        }).ConfigureAwait(false);
    }

    private static Progress Bars(MenuContext context) =>
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn());
}
