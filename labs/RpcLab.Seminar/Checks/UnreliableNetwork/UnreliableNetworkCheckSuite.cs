using System.Globalization;
using System.Net.Sockets;
using RpcLab.Network.Faults;

namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// Lab 6's checks (<c>unreliable-network</c>): the student's key/value server and clerk through rpclab's fault proxy
/// (Content-Length framing, so single JSON-RPC messages are lost, delayed and reordered), in phases that build one
/// log: labrpc's unreliable network (0-27 ms, 10% of requests and 10% of replies lost), long reordering, a 3 s
/// partition, a Put whose reply is lost, a server restart, and more Appends after it. Five clerks append 50 tokens
/// each; every token must be in the log exactly once and in its clerk's order, and the duplicate table must never hold
/// more entries than there were clients. The checks run in order and build on each other (one run, one log). With
/// <c>--out</c> the last writes a timeline of the run. Stateless (a run's state lives beside its context), thread-safe.
/// </summary>
public sealed class UnreliableNetworkCheckSuite : ILabCheckSuite
{
    /// <summary>The clerks each clerk process runs at once.</summary>
    public const int Clerks = 5;

    /// <summary>The key every clerk appends to.</summary>
    public const string LogKey = "log";

    /// <summary>How long the partition lasts.</summary>
    public static readonly TimeSpan PartitionLength = TimeSpan.FromSeconds(3);

    // The Appends of each phase, as [from, to) per clerk: 50 in all.
    private const int UnreliableEnd = 30;
    private const int ReorderEnd = 35;
    private const int PartitionEnd = 40;
    private const int AfterRestartEnd = 50;

    // Requests the proxy forwards before it partitions: the clerks are under way, most Appends still to come.
    private const int RequestsBeforePartition = 8;

    public string Name => "unreliable-network";

    public IReadOnlyList<string> Transports { get; } = ["jsonrpc"];

    public IReadOnlyList<LabCheck> Checks { get; } =
    [
        Check("5 clerks x 30 Appends through labrpc's unreliable network: each token once, in order", UnreliableAsync),
        Check("5 clerks x 5 Appends under long reordering: each token once, in order", ReorderingAsync),
        Check("5 clerks x 5 Appends across a 3 s partition: none gives up, all done after it heals", PartitionAsync),
        Check("a Put whose reply is lost answers ErrMaybe and is written once", MaybeAsync),
        Check("a restarted server remembers the log and its duplicate table", RestartAsync),
        Check("5 clerks x 10 Appends after the restart: 50 tokens per clerk, each once, in order", AfterRestartAsync),
        Check("the duplicate table never held more entries than clients", DedupTableAsync),
    ];

    private static LabCheck Check(string name, Func<CheckContext, CancellationToken, Task<CheckOutcome>> body) =>
        new(name, async (context, cancellationToken) =>
        {
            var run = NetworkRun.For(context);
            run.Mark("checker", TimelineMark.Phase, name);
            try
            {
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckFailedException e)
            {
                run.Mark("checker", TimelineMark.Failed, e.Message);
                return CheckOutcome.Fail(e.Message);
            }
            catch (SocketException e)
            {
                return CheckOutcome.Fail($"could not reach your server ({e.Message})");
            }
        });

    private static FaultPlan Labrpc(int seed, bool longReordering = false) => FaultPlan.Labrpc(seed, MessageFraming.ContentLength, longReordering);

    private static Task<CheckOutcome> UnreliableAsync(CheckContext context, CancellationToken cancellationToken) =>
        AppendPhaseAsync(context, Labrpc(seed: 61), 0, UnreliableEnd, "labrpc's unreliable network", during: null, cancellationToken);

    private static Task<CheckOutcome> ReorderingAsync(CheckContext context, CancellationToken cancellationToken) =>
        AppendPhaseAsync(context, Labrpc(seed: 62, longReordering: true), UnreliableEnd, ReorderEnd, "long reordering (2/3 of replies held 200-2200 ms)", during: null, cancellationToken);

    private static async Task<CheckOutcome> PartitionAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var healedAt = TimeSpan.MaxValue;
        var outcome = await AppendPhaseAsync(context, Labrpc(seed: 63), ReorderEnd, PartitionEnd, "a 3 s partition", async (proxy, clerks) =>
        {
            while (proxy.RequestsSeen < RequestsBeforePartition && !clerks.IsCompleted)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            proxy.Partition(PartitionLength);
            healedAt = NetworkRun.For(context).Now + PartitionLength;
        }, cancellationToken).ConfigureAwait(false);
        if (outcome.Passed && NetworkRun.For(context).LastClerksEnded < healedAt)
        {
            // Nothing crosses a partition, so clerks done before it healed were done before it began: nothing was tested.
            return CheckOutcome.Fail(string.Create(CultureInfo.InvariantCulture, $"your clerks were done before the partition healed, so it caught none of their Appends (the checker partitions after {RequestsBeforePartition} requests of the {Clerks * (PartitionEnd - ReorderEnd)} Appends); run the check again"));
        }

        return outcome;
    }

    private static async Task<CheckOutcome> AfterRestartAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var outcome = await AppendPhaseAsync(context, Labrpc(seed: 66), PartitionEnd, AfterRestartEnd, "labrpc's unreliable network, after the restart", during: null, cancellationToken).ConfigureAwait(false);
        if (!outcome.Passed)
        {
            return outcome;
        }

        // The whole log, every phase: the restart must not have lost or repeated anything.
        await using var client = await KvClient.ConnectAsync(context, cancellationToken).ConfigureAwait(false);
        var log = await client.GetAsync(LogKey, cancellationToken).ConfigureAwait(false);
        if (TokenLog.Parse(log.Value).FindProblem(Clerks, 0, AfterRestartEnd) is { } problem)
        {
            throw new CheckFailedException($"the whole log after every phase: {problem}");
        }

        return CheckOutcome.Pass(outcome.Sent, string.Create(CultureInfo.InvariantCulture, $"{Clerks * AfterRestartEnd} tokens, each once, each clerk's in order (log version {log.Version})"));
    }

    /// <summary>
    /// One phase: a proxy with <paramref name="plan"/> in front of the server, clerks 1..5 appending tokens
    /// [<paramref name="from"/>, <paramref name="to"/>) through it, the duplicate table sampled meanwhile;
    /// <paramref name="during"/> acts on the proxy while the clerks run. Then the log must hold each token once, in order.
    /// </summary>
    private static async Task<CheckOutcome> AppendPhaseAsync(CheckContext context, FaultPlan plan, int from, int to, string network, Func<FaultProxy, Task, Task>? during, CancellationToken cancellationToken)
    {
        var run = NetworkRun.For(context);
        var arguments = string.Create(CultureInfo.InvariantCulture, $"append {Clerks} {from} {to}");
        var sent = string.Create(CultureInfo.InvariantCulture, $"clerk {arguments} (tokens k.{from} .. k.{to - 1}) through {network}");
        await using var proxy = await run.StartProxyAsync(context, plan, cancellationToken).ConfigureAwait(false);
        StudentClerks.Outcome clerks;
        await using (DedupSampler.Start(context, run, cancellationToken))
        {
            run.AddClients(Clerks);
            var clerksTask = StudentClerks.RunAsync(context, run, proxy.Port, arguments, cancellationToken);
            if (during is not null)
            {
                await during(proxy, clerksTask).ConfigureAwait(false);
            }

            clerks = await clerksTask.ConfigureAwait(false);
        }

        run.LastClerksEnded = clerks.EndedAt;
        var faults = string.Create(CultureInfo.InvariantCulture, $"{proxy.Log.Count(FaultKind.RequestLost)} requests and {proxy.Log.Count(FaultKind.ReplyLost)} replies lost, {proxy.Log.Count(FaultKind.Delay)} held back");
        if (clerks.ExitCode != 0)
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"your clerks exited with code {clerks.ExitCode} through {network} ({faults}): {clerks.Tail}. A lost message or a partition is not a failure: keep retrying, with backoff, for longer than a partition lasts"));
        }

        await using var client = await KvClient.ConnectAsync(context, cancellationToken).ConfigureAwait(false);
        var log = await client.GetAsync(LogKey, cancellationToken).ConfigureAwait(false);
        if (TokenLog.Parse(log.Value).FindProblem(Clerks, from, to) is { } problem)
        {
            throw new CheckFailedException($"through {network} ({faults}): {problem}");
        }

        return CheckOutcome.Pass(sent, string.Create(CultureInfo.InvariantCulture, $"{Clerks * (to - from)} tokens, each once, in order; {faults}"));
    }

    private static async Task<CheckOutcome> MaybeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var run = NetworkRun.For(context);
        var key = "lab6-put-" + Guid.NewGuid().ToString("N")[..8];
        var plan = FaultPlan.None with { Framing = MessageFraming.ContentLength, Script = [new ScriptedFault(FaultKind.ReplyLost, 1)] };
        await using var proxy = await run.StartProxyAsync(context, plan, cancellationToken).ConfigureAwait(false);
        var arguments = $"put {key} red 0";
        var clerk = await StudentClerks.RunAsync(context, run, proxy.Port, arguments, cancellationToken).ConfigureAwait(false);
        var answer = clerk.Lines.LastOrDefault(l => !l.StartsWith("clerk ", StringComparison.Ordinal))?.Trim();
        var sent = $"clerk {arguments} through a proxy that loses the first reply (reply-lost:1)";
        if (clerk.ExitCode != 0 || answer is null)
        {
            throw new CheckFailedException($"{sent}: your clerk exited with code {clerk.ExitCode} without printing an answer: {clerk.Tail}");
        }

        await using var client = await KvClient.ConnectAsync(context, cancellationToken).ConfigureAwait(false);
        var stored = await client.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored.Value != "red" || stored.Version != 1)
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"{sent}: the key should hold \"red\" at version 1 (the first attempt wrote it), but Get answers \"{stored.Value}\" at version {stored.Version}"));
        }

        if (answer != "ErrMaybe")
        {
            var why = answer == "ErrVersion"
                ? "the first attempt wrote and its reply was lost, so the retry found version 1 and got ErrVersion; your clerk passed that on, but it cannot know whether its own first attempt wrote: a retried Put that gets ErrVersion must answer ErrMaybe"
                : "a retried Put that gets ErrVersion must answer ErrMaybe";
            throw new CheckFailedException($"{sent}: your clerk answered {answer}; {why}");
        }

        return CheckOutcome.Pass(sent, $"ErrMaybe; Get({key}) = \"red\" version 1");
    }

    private static async Task<CheckOutcome> RestartAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (!context.CanRestartServer)
        {
            throw new CheckFailedException("this check restarts your server: run it with --server \"CMD {port} {data}\" rather than --port");
        }

        var run = NetworkRun.For(context);
        const string Key = "lab6-restart";
        var clientId = Random.Shared.NextInt64(1, long.MaxValue);
        run.AddClients(1);
        KvValue log;
        int table;
        long version;
        await using (var before = await KvClient.ConnectAsync(context, cancellationToken).ConfigureAwait(false))
        {
            version = await before.AppendAsync(Key, "r ", clientId, 1, cancellationToken).ConfigureAwait(false);
            log = await before.GetAsync(LogKey, cancellationToken).ConfigureAwait(false);
            table = await before.DedupTableSizeAsync(cancellationToken).ConfigureAwait(false);
        }

        run.Mark("checker", TimelineMark.Phase, "restart the server");
        await context.RestartServerAsync(cancellationToken).ConfigureAwait(false);
        run.Mark("checker", TimelineMark.Phase, string.Create(CultureInfo.InvariantCulture, $"the server is back on port {context.Port}"));
        await using var after = await KvClient.ConnectAsync(context, cancellationToken).ConfigureAwait(false);
        var logAfter = await after.GetAsync(LogKey, cancellationToken).ConfigureAwait(false);
        if (logAfter != log)
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"before the restart the log had version {log.Version} and {log.Value.Length} characters; after it, version {logAfter.Version} and {logAfter.Value.Length}. Save the state to the file {{data}} names after every write, and load it at start (and give {{data}} in --server)"));
        }

        var tableAfter = await after.DedupTableSizeAsync(cancellationToken).ConfigureAwait(false);
        var retry = await after.AppendAsync(Key, "r ", clientId, 1, cancellationToken).ConfigureAwait(false);
        var value = await after.GetAsync(Key, cancellationToken).ConfigureAwait(false);
        if (value.Value != "r ")
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"Append(\"{Key}\", \"r \", client {clientId}, seq 1) sent again after the restart (a retry whose first attempt was answered before the crash) was applied again: the key holds \"{value.Value}\". The duplicate table had {table} entries before the restart and {tableAfter} after: save it with the data"));
        }

        if (retry != version)
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"the retried Append after the restart was answered {retry}, not the first reply {version}: a duplicate gets the reply the first attempt got"));
        }

        return CheckOutcome.Pass(
            string.Create(CultureInfo.InvariantCulture, $"Append(\"{Key}\", \"r \", {clientId}, 1); restart; the same Append again"),
            string.Create(CultureInfo.InvariantCulture, $"log version {logAfter.Version} kept, duplicate table {table} -> {tableAfter} entries, the retry answered {retry} without appending"));
    }

    private static async Task<CheckOutcome> DedupTableAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var run = NetworkRun.For(context);
        var timeline = await WriteTimelineAsync(context, run, cancellationToken).ConfigureAwait(false);
        var samples = run.Samples;
        if (samples.Count == 0)
        {
            throw new CheckFailedException("the duplicate table was never sampled: the Append checks before this one did not run");
        }

        var worst = samples.MaxBy(s => s.Size - s.Clients)!;
        if (worst.Size > worst.Clients)
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"at {worst.At.TotalSeconds:0.0} s your duplicate table (DedupTableSize) held {worst.Size} entries while only {worst.Clients} clients had appended: keep one entry per client (its highest seq and that reply), not one per request{timeline}"));
        }

        var largest = samples.MaxBy(s => s.Size)!;
        return CheckOutcome.Pass(
            string.Create(CultureInfo.InvariantCulture, $"DedupTableSize() every 250 ms while clerks ran ({samples.Count} samples)"),
            string.Create(CultureInfo.InvariantCulture, $"at most {largest.Size} entries for {largest.Clients} clients{timeline}"));
    }

    private static async Task<string> WriteTimelineAsync(CheckContext context, NetworkRun run, CancellationToken cancellationToken)
    {
        if (context.OutDirectory is not { } folder)
        {
            return "; no timeline written (give --out DIR)";
        }

        var path = Path.GetFullPath(Path.Combine(folder, Timeline.FileName));
        Directory.CreateDirectory(folder);
        await DeliverableFile.WriteGeneratedAsync(path, Timeline.Render(run.Timeline(), "Lab 6: the unreliable network - timeline of rpclab check 6"), cancellationToken).ConfigureAwait(false);
        return "; timeline: " + path;
    }
}
