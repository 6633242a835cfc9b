using System.Globalization;
using RpcLab.Cli.Calls;
using RpcLab.Services.Contracts;

namespace RpcLab.Cli.Menus;

/// <summary>
/// <c>rpclab client compute</c>: the original RPyC computation client's menu (add, sort; directly and asynchronously)
/// over any transport. The asynchronous ones are the service's jobs: the id shown is the server's job id, so "check a
/// job id" asks the server (any client may check it), and a delay makes a job slow enough to catch Pending or Running.
/// Not thread-safe (one menu session).
/// </summary>
public sealed class ComputeMenu(MenuContext context)
{
    public const string Title = "Compute: what next?";

    private readonly List<string> _jobs = [];

    public IReadOnlyList<MenuItem> Items =>
    [
        new("add two numbers", "compute.add", AddAsync),
        new("sort numbers", "compute.sort", SortAsync),
        new("add as a job (asynchronous)", "compute.submitAdd", SubmitAddAsync),
        new("sort as a job (asynchronous)", "compute.submitSort", SubmitSortAsync),
        new("check a job id", "compute.getJob", CheckAsync),
    ];

    private async Task AddAsync(CancellationToken cancellationToken)
    {
        var (a, b) = await AskTwoNumbersAsync(cancellationToken).ConfigureAwait(false);
        context.Say($"sum: {Number(await context.Services.Compute.AddAsync(a, b, cancellationToken).ConfigureAwait(false))}");
    }

    private async Task SortAsync(CancellationToken cancellationToken)
    {
        var values = await AskNumbersAsync("compute.sort", cancellationToken).ConfigureAwait(false);
        context.Say($"sorted: {JsonOutput.Format(await context.Services.Compute.SortAsync(values, cancellationToken).ConfigureAwait(false), indented: false)}");
    }

    private async Task SubmitAddAsync(CancellationToken cancellationToken)
    {
        var (a, b) = await AskTwoNumbersAsync(cancellationToken).ConfigureAwait(false);
        var delay = await AskDelayAsync(cancellationToken).ConfigureAwait(false);
        Remember(await context.Services.Compute.SubmitAddAsync(a, b, delay, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    private async Task SubmitSortAsync(CancellationToken cancellationToken)
    {
        var values = await AskNumbersAsync("compute.submitSort", cancellationToken).ConfigureAwait(false);
        var delay = await AskDelayAsync(cancellationToken).ConfigureAwait(false);
        Remember(await context.Services.Compute.SubmitSortAsync(values, delay, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_jobs.Count > 0)
        {
            context.Say($"ids: {string.Join(", ", _jobs)}");
        }

        var id = await context.AskAsync("job id:", cancellationToken, _jobs.Count > 0 ? _jobs[^1] : null).ConfigureAwait(false);
        var job = await context.Services.Compute.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
        var result = job switch
        {
            { State: JobState.Done, Sum: { } sum } => $", sum {Number(sum)}",
            { State: JobState.Done, Sorted: { } sorted } => $", sorted {JsonOutput.Format(sorted, indented: false)}",
            { State: JobState.Failed } => $": {job.Error}",
            _ => "",
        };
        context.Say($"job {job.Id} ({job.Kind}): {job.State}{result}");
    }

    private void Remember(string id)
    {
        _jobs.Add(id);
        context.Say($"job id: {id} (check it with 'check a job id')");
    }

    private async Task<(double A, double B)> AskTwoNumbersAsync(CancellationToken cancellationToken)
    {
        var method = MethodNames.Resolve("compute.add");
        var a = (double)ArgumentConverter.ConvertValue(await context.AskAsync("first number:", cancellationToken).ConfigureAwait(false), typeof(double), "a", method)!;
        var b = (double)ArgumentConverter.ConvertValue(await context.AskAsync("second number:", cancellationToken).ConfigureAwait(false), typeof(double), "b", method)!;
        return (a, b);
    }

    private async Task<int[]> AskNumbersAsync(string methodName, CancellationToken cancellationToken)
    {
        var words = await context.AskAsync("numbers (e.g. 5 3 9 1):", cancellationToken).ConfigureAwait(false);
        return (int[])ArgumentConverter.ConvertValue(words, typeof(int[]), "values", MethodNames.Resolve(methodName))!;
    }

    private async Task<int> AskDelayAsync(CancellationToken cancellationToken)
    {
        var word = await context.AskAsync($"delay in ms, to watch it run (0 to {IComputeService.MaxJobDelayMs}):", cancellationToken, "0").ConfigureAwait(false);
        return (int)ArgumentConverter.ConvertValue(word, typeof(int), "delayMs", MethodNames.Resolve("compute.submitAdd"))!;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
