using System.Globalization;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace RpcLab.Seminar.Checks.FirstRpc;

/// <summary>
/// Lab 1's checks (<c>first-rpc</c>): the four methods of the task, one per call shape, with the exact semantics the
/// sheet gives, the student's own fifth method, and an unknown method. The checker has no stubs of the student's
/// code: it finds the service through server reflection, checks each method's shape in the descriptor, and calls it
/// with raw bytes. What cannot be seen from outside (that the server noticed a cancellation) is not claimed: a
/// cancelled call must end and the server keep serving. Stateless, thread-safe.
/// </summary>
public sealed class FirstRpcCheckSuite : ILabCheckSuite
{
    /// <summary>How long RunningTotal may take to answer one number before the checker concludes it buffers.</summary>
    public static readonly TimeSpan InterleaveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The service of the workspace's .proto, called by this name when reflection lists none (all rpcs still TODOs).</summary>
    public const string ServiceName = "lab1.FirstRpc";

    /// <summary>The name a method of no lab will ever have, for the unknown-method check.</summary>
    public const string UnknownMethod = "NoSuchMethodOfAnyLab";

    public static readonly ExpectedMethod Upper = new("Upper", false, false, "UpperRequest", new("text", 1, FieldType.String), "UpperReply", new("text", 1, FieldType.String));

    public static readonly ExpectedMethod Countdown = new("Countdown", false, true, "CountdownRequest", new("n", 1, FieldType.Int32), "CountdownReply", new("value", 1, FieldType.Int32));

    public static readonly ExpectedMethod Longest = new("Longest", true, false, "LongestRequest", new("word", 1, FieldType.String), "LongestReply", new("word", 1, FieldType.String));

    public static readonly ExpectedMethod RunningTotal = new("RunningTotal", true, true, "RunningTotalRequest", new("number", 1, FieldType.Int64), "RunningTotalReply", new("total", 1, FieldType.Int64));

    /// <summary>The four methods of the task, in the sheet's order.</summary>
    public static IReadOnlyList<ExpectedMethod> Methods { get; } = [Upper, Countdown, Longest, RunningTotal];

    private static readonly string[] MethodNames = [.. Methods.Select(m => m.Name)];

    public string Name => "first-rpc";

    public IReadOnlyList<string> Transports { get; } = ["grpc"];

    public IReadOnlyList<LabCheck> Checks { get; } =
    [
        Check("the server answers gRPC server reflection", null, ReflectionAsync),
        Check("Upper upper-cases its text (unary)", Upper, UpperAsync),
        Check("Countdown streams n, n-1, ..., 1 (server streaming)", Countdown, CountdownAsync),
        Check("Longest answers the longest word, the first on a tie (client streaming)", Longest, LongestAsync),
        Check("RunningTotal answers each number before reading the next (bidirectional)", RunningTotal, RunningTotalAsync),
        Check("a cancelled Countdown ends and the server keeps serving", Countdown, CancelledCountdownAsync),
        Check("your own method answers an empty message", null, OwnMethodAsync),
        Check("an unknown method is Unimplemented", null, UnknownMethodAsync),
    ];

    private static LabCheck Check(string name, ExpectedMethod? method, Func<StudentServer, CancellationToken, Task<CheckOutcome>> body) =>
        new(name, async (context, cancellationToken) =>
        {
            try
            {
                using var server = await StudentServer.ConnectAsync(context, ServiceName, MethodNames, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await body(server, cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException e) when (method is not null && !cancellationToken.IsCancellationRequested)
                {
                    return CheckOutcome.Fail(server.Explain(method, e));
                }
            }
            catch (CheckFailedException e)
            {
                return CheckOutcome.Fail(e.Message);
            }
        });

    private static Task<CheckOutcome> ReflectionAsync(StudentServer server, CancellationToken cancellationToken)
    {
        if (server.Service.Descriptor is null)
        {
            return Task.FromResult(CheckOutcome.Fail($"the server's reflection lists no service of yours (grpc-dotnet lists only services with at least one method): declare your rpcs in {server.Service.FullName} (protos/lab1.proto, TODO 1-5) and keep app.MapGrpcService<FirstRpcService>()"));
        }

        var declared = server.Service.Methods.Select(m => $"{m.Name} ({ExpectedMethod.Describe(m.IsClientStreaming, m.IsServerStreaming)})");
        return Task.FromResult(CheckOutcome.Pass("ServerReflectionInfo: list services, file containing the service", $"{server.Service.FullName}: {string.Join(", ", declared)}"));
    }

    private static async Task<CheckOutcome> UpperAsync(StudentServer server, CancellationToken cancellationToken)
    {
        const string Text = "Hello, gRPC 1";
        var (request, reply) = Upper.Resolve(server.Service.FindMethod(Upper.Name));
        var sent = request.Encode(Text);
        var received = await server.Invoker.AsyncUnaryCall(server.Method(Upper.Name, MethodType.Unary), null, StudentServer.Options(cancellationToken), sent).ConfigureAwait(false);
        server.Count([sent], [received]);
        var answer = (string)reply.Decode(received);
        var expected = Text.ToUpperInvariant();
        return answer == expected
            ? CheckOutcome.Pass($"{request.Name}: \"{Text}\"", $"{reply.Name}: \"{answer}\"")
            : CheckOutcome.Fail($"Upper(\"{Text}\") answered \"{answer}\"; expected \"{expected}\"", $"{request.Name}: \"{Text}\"", $"{reply.Name}: \"{answer}\"");
    }

    private static async Task<CheckOutcome> CountdownAsync(StudentServer server, CancellationToken cancellationToken)
    {
        const int N = 5;
        var (request, reply) = Countdown.Resolve(server.Service.FindMethod(Countdown.Name));
        var sent = request.Encode(N);
        var replies = new List<byte[]>();
        using (var call = server.Invoker.AsyncServerStreamingCall(server.Method(Countdown.Name, MethodType.ServerStreaming), null, StudentServer.Options(cancellationToken), sent))
        {
            // A few more than expected are read, so "one too many" is seen as such, not as a hang.
            while (replies.Count <= N + 1 && await StudentServer.NextAsync(call.ResponseStream, StudentServer.CallTimeout, $"Countdown({N}) sent {replies.Count} items and then neither another nor the end of its stream within {StudentServer.CallTimeout.TotalSeconds:0} s", cancellationToken).ConfigureAwait(false) is { } item)
            {
                replies.Add(item);
            }
        }

        server.Count([sent], replies);
        var values = replies.Select(r => (long)reply.Decode(r)).ToList();
        var expected = Enumerable.Range(1, N).Reverse().Select(v => (long)v).ToList();
        var shown = Join(values) + (values.Count > N + 1 ? ", ..." : string.Empty);
        if (values.SequenceEqual(expected))
        {
            return CheckOutcome.Pass($"{request.Name}: {N}", shown);
        }

        var reason = values.Count == expected.Count
            ? $"Countdown({N}) streamed {shown}; expected {Join(expected)}"
            : $"Countdown({N}) streamed {(values.Count > N + 1 ? "more than " + (N + 1) : values.Count.ToString(CultureInfo.InvariantCulture))} items ({shown}); expected exactly {N}: {Join(expected)}{(Math.Abs(values.Count - N) == 1 ? " (off by one)" : string.Empty)}";
        return CheckOutcome.Fail(reason, $"{request.Name}: {N}", shown);
    }

    private static async Task<CheckOutcome> LongestAsync(StudentServer server, CancellationToken cancellationToken)
    {
        string[] words = ["pear", "banana", "cherry", "fig"];
        const string Expected = "banana";
        var (request, reply) = Longest.Resolve(server.Service.FindMethod(Longest.Name));
        var sent = words.Select(w => request.Encode(w)).ToList();
        byte[] received;
        using (var call = server.Invoker.AsyncClientStreamingCall(server.Method(Longest.Name, MethodType.ClientStreaming), null, StudentServer.Options(cancellationToken)))
        {
            foreach (var message in sent)
            {
                await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            received = await call.ResponseAsync.ConfigureAwait(false);
        }

        server.Count(sent, [received]);
        var answer = (string)reply.Decode(received);
        var shownWords = string.Join(", ", words.Select(w => $"\"{w}\""));
        return answer == Expected
            ? CheckOutcome.Pass(shownWords, $"{reply.Name}: \"{answer}\"")
            : CheckOutcome.Fail($"Longest({shownWords}) answered \"{answer}\"; expected \"{Expected}\" (the first of the longest: \"cherry\" is as long)", shownWords, $"{reply.Name}: \"{answer}\"");
    }

    private static async Task<CheckOutcome> RunningTotalAsync(StudentServer server, CancellationToken cancellationToken)
    {
        long[] numbers = [5, -2, 10, 100];
        var (request, reply) = RunningTotal.Resolve(server.Service.FindMethod(RunningTotal.Name));
        List<byte[]> sent = [], received = [];
        List<long> totals = [];
        using (var call = server.Invoker.AsyncDuplexStreamingCall(server.Method(RunningTotal.Name, MethodType.DuplexStreaming), null, StudentServer.Options(cancellationToken)))
        {
            long sum = 0;
            foreach (var number in numbers)
            {
                // Number k is sent only after the reply to number k-1 arrived: a server that reads everything before
                // answering never gets the second number, and its silence is the failure.
                var message = request.Encode(number);
                await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                sent.Add(message);
                sum += number;
                var noReply = $"RunningTotal sent no reply to {number} within {InterleaveTimeout.TotalSeconds:0} s, and the checker sends the next number only after it: answer each number before reading the next (this server buffers: it reads on, or collects the replies, before answering){(totals.Count > 0 ? $"; replies so far: {Join(totals)}" : string.Empty)}";
                var item = await StudentServer.NextAsync(call.ResponseStream, InterleaveTimeout, noReply, cancellationToken).ConfigureAwait(false)
                    ?? throw new CheckFailedException($"RunningTotal ended its stream after {totals.Count} replies ({Join(totals)}), while the checker was still sending numbers ({Join(numbers)})");
                received.Add(item);
                totals.Add((long)reply.Decode(item));
                if (totals[^1] != sum)
                {
                    throw new CheckFailedException($"RunningTotal answered {Join(totals)} to {Join(numbers.Take(totals.Count))}; after {number} the sum so far is {sum}");
                }
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            if (await StudentServer.NextAsync(call.ResponseStream, StudentServer.CallTimeout, $"RunningTotal did not end its stream within {StudentServer.CallTimeout.TotalSeconds:0} s of the checker completing its own (return once the request stream ends)", cancellationToken).ConfigureAwait(false) is { } extra)
            {
                throw new CheckFailedException($"RunningTotal sent {(long)reply.Decode(extra)} after the answer to the last number; expected one reply per number: {Join(totals)}");
            }
        }

        server.Count(sent, received);
        return CheckOutcome.Pass(Join(numbers), Join(totals));
    }

    private static async Task<CheckOutcome> CancelledCountdownAsync(StudentServer server, CancellationToken cancellationToken)
    {
        const int Large = 1_000_000;
        const int Read = 3;
        var (request, reply) = Countdown.Resolve(server.Service.FindMethod(Countdown.Name));
        var method = server.Method(Countdown.Name, MethodType.ServerStreaming);
        var sent = request.Encode(Large);
        var received = new List<byte[]>();
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (var call = server.Invoker.AsyncServerStreamingCall(method, null, StudentServer.Options(cancel.Token), sent))
        {
            while (received.Count < Read)
            {
                received.Add(await StudentServer.NextAsync(call.ResponseStream, StudentServer.CallTimeout, $"Countdown({Large}) sent {received.Count} items in {StudentServer.CallTimeout.TotalSeconds:0} s; the checker reads {Read} before it cancels", cancellationToken).ConfigureAwait(false)
                    ?? throw new CheckFailedException($"Countdown({Large}) ended its stream after {received.Count} items; expected {Large}"));
            }

            await cancel.CancelAsync().ConfigureAwait(false);
            try
            {
                // Replies already on their way may still be read; then the call must end as Cancelled.
                while (await StudentServer.NextAsync(call.ResponseStream, StudentServer.CallTimeout, $"Countdown({Large}) went on after the checker cancelled it", cancellationToken).ConfigureAwait(false) is not null)
                {
                }

                throw new CheckFailedException($"Countdown({Large}) ended OK after the checker cancelled it; a cancelled call ends Cancelled");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
                // What the client sees of its own cancellation. Whether the server stopped writing is not visible from
                // here; that it still serves is.
            }
        }

        server.Count([sent], received);
        var next = request.Encode(3);
        var after = new List<byte[]>();
        using (var call = server.Invoker.AsyncServerStreamingCall(method, null, StudentServer.Options(cancellationToken), next))
        {
            while (after.Count <= 3 && await StudentServer.NextAsync(call.ResponseStream, StudentServer.CallTimeout, $"after a cancelled Countdown({Large}), Countdown(3) did not answer within {StudentServer.CallTimeout.TotalSeconds:0} s", cancellationToken).ConfigureAwait(false) is { } item)
            {
                after.Add(item);
            }
        }

        server.Count([next], after);
        var values = after.Select(r => (long)reply.Decode(r)).ToList();
        return values.SequenceEqual([3L, 2L, 1L])
            ? CheckOutcome.Pass($"Countdown({Large}), cancelled after {Read} items; then Countdown(3)", Join(values))
            : CheckOutcome.Fail($"after a cancelled Countdown({Large}), Countdown(3) streamed {Join(values)}; expected 3, 2, 1", $"Countdown(3)", Join(values));
    }

    private static async Task<CheckOutcome> OwnMethodAsync(StudentServer server, CancellationToken cancellationToken)
    {
        var own = server.Service.Methods.FirstOrDefault(m => !MethodNames.Contains(m.Name))
            ?? throw new CheckFailedException($"{server.Service.FullName} declares {(server.Service.Methods.Count == 0 ? "no methods" : "only " + string.Join(", ", server.Service.Methods.Select(m => m.Name)))}: add a method of your own (TODO 5), any name and call shape");
        var shape = ExpectedMethod.Describe(own.IsClientStreaming, own.IsServerStreaming);
        byte[] empty = [];
        var received = new List<byte[]>();
        try
        {
            var options = StudentServer.Options(cancellationToken);
            var noEnd = $"{own.Name} (your own method, {shape}) did not end its stream within {StudentServer.CallTimeout.TotalSeconds:0} s of an empty {own.InputType.Name}";
            switch ((own.IsClientStreaming, own.IsServerStreaming))
            {
                case (false, false):
                    received.Add(await server.Invoker.AsyncUnaryCall(server.Method(own.Name, MethodType.Unary), null, options, empty).ConfigureAwait(false));
                    break;
                case (false, true):
                    using (var call = server.Invoker.AsyncServerStreamingCall(server.Method(own.Name, MethodType.ServerStreaming), null, options, empty))
                    {
                        while (await StudentServer.NextAsync(call.ResponseStream, StudentServer.CallTimeout, noEnd, cancellationToken).ConfigureAwait(false) is { } item)
                        {
                            received.Add(item);
                        }
                    }

                    break;
                case (true, false):
                    using (var call = server.Invoker.AsyncClientStreamingCall(server.Method(own.Name, MethodType.ClientStreaming), null, options))
                    {
                        await call.RequestStream.WriteAsync(empty, cancellationToken).ConfigureAwait(false);
                        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                        received.Add(await call.ResponseAsync.ConfigureAwait(false));
                    }

                    break;
                default:
                    using (var call = server.Invoker.AsyncDuplexStreamingCall(server.Method(own.Name, MethodType.DuplexStreaming), null, options))
                    {
                        await call.RequestStream.WriteAsync(empty, cancellationToken).ConfigureAwait(false);
                        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                        while (await StudentServer.NextAsync(call.ResponseStream, StudentServer.CallTimeout, noEnd, cancellationToken).ConfigureAwait(false) is { } item)
                        {
                            received.Add(item);
                        }
                    }

                    break;
            }
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            var why = e.StatusCode == StatusCode.Unimplemented ? "; it is in your .proto, but your service does not override it" : string.Empty;
            return CheckOutcome.Fail($"{own.Name} (your own method, {shape}) answered an empty {own.InputType.Name} with {e.StatusCode}{(string.IsNullOrEmpty(e.Status.Detail) ? string.Empty : $" ({e.Status.Detail})")}{why}", $"an empty {own.InputType.Name}");
        }

        server.Count([empty], received);
        return CheckOutcome.Pass($"{own.Name} ({shape}): an empty {own.InputType.Name}", $"{received.Count} {own.OutputType.Name} ({received.Sum(r => r.Length)} bytes)");
    }

    private static async Task<CheckOutcome> UnknownMethodAsync(StudentServer server, CancellationToken cancellationToken)
    {
        var path = $"/{server.Service.FullName}/{UnknownMethod}";
        try
        {
            await server.Invoker.AsyncUnaryCall(server.Method(UnknownMethod, MethodType.Unary), null, StudentServer.Options(cancellationToken), []).ConfigureAwait(false);
            server.Count([], []);
            return CheckOutcome.Fail($"{path} answered OK; a method the service does not have must be Unimplemented", path, "OK");
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            server.Count([], []);
            return e.StatusCode == StatusCode.Unimplemented
                ? CheckOutcome.Pass(path, "Unimplemented")
                : CheckOutcome.Fail($"{path} answered {e.StatusCode}; a method the service does not have must be Unimplemented", path, e.StatusCode.ToString());
        }
    }

    private static string Join<T>(IEnumerable<T> values) => string.Join(", ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
}
