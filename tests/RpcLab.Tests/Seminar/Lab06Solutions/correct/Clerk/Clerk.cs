using System.Diagnostics;
using System.Net.Sockets;
using Lab6.Server;
using StreamJsonRpc;

namespace Lab6.Clerk;

/// <summary>
/// A client of the key/value server that keeps trying: an attempt with no reply within <see cref="AttemptTimeout"/>
/// is not a failure (the request, or only its reply, may be lost, or the server slow), so the clerk waits a random
/// backoff and sends the same request again on a fresh connection, until <see cref="Budget"/> is spent. One clerk
/// makes one call at a time (not thread-safe); run several clerks for concurrency.
/// </summary>
public sealed class Clerk(string name, int port) : IAsyncDisposable
{
    /// <summary>How long one attempt waits for its reply before the clerk tries again.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How long one call may take, all attempts together, before the clerk gives up.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan BackoffCap = TimeSpan.FromMilliseconds(500);

    private readonly long _clientId = Random.Shared.NextInt64(1, long.MaxValue);
    private long _seq;
    private TcpClient? _client;
    private JsonRpc? _rpc;

    /// <summary>Names this clerk in the lines it prints (the checker draws them on its timeline).</summary>
    public string Name { get; } = name;

    public Task<GetReply> GetAsync(string key) =>
        CallAsync<GetReply>("Get", [key], $"Get {key}", (reply, _) => reply);

    public Task<string> PutAsync(string key, string value, long version) =>
        CallAsync<string>("Put", [key, value, version], $"Put {key}={value} v{version}", (reply, attempt) =>
        {
            // A retry's ErrVersion may be our own earlier attempt's write: unsure, so "maybe".
            return reply == PutResult.ErrVersion && attempt > 1 ? PutResult.Maybe : reply;
        });

    public Task<long> AppendAsync(string key, string token)
    {
        // One number per Append, the same on every retry of it: the server can tell a retry from a new request.
        var seq = ++_seq;
        return CallAsync<long>("Append", [key, token, _clientId, seq], $"Append {key} += \"{token}\"", (reply, _) => reply);
    }

    public async ValueTask DisposeAsync() => await DisconnectAsync();

    /// <summary>Sends <paramref name="method"/> until an attempt gets a reply; <paramref name="answer"/> sees the reply and the attempt it came on.</summary>
    private async Task<TResult> CallAsync<TResult>(string method, object?[] arguments, string what, Func<TResult, int, TResult> answer)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(AttemptTimeout);
                var rpc = await ConnectAsync(timeout.Token);
                var reply = await rpc.InvokeWithCancellationAsync<TResult>(method, arguments, timeout.Token).WaitAsync(timeout.Token);
                var result = answer(reply, attempt);
                Console.WriteLine($"clerk {Name}: {what} -> {result} (attempt {attempt}, {clock.ElapsedMilliseconds} ms)");
                return result;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ConnectionLostException or ObjectDisposedException)
            {
                // No reply: lost request, lost reply, slow server, partition or crash all look the same from here.
                // This connection is suspect (a partition may have cut it mid-message): the next attempt opens another.
                await DisconnectAsync();
            }

            if (clock.Elapsed >= Budget)
            {
                throw new TimeoutException($"clerk {Name}: {what}: no reply after {attempt} attempts in {clock.Elapsed.TotalSeconds:0.0} s; giving up");
            }

            // Exponential backoff with full jitter: clerks that lost their replies together do not retry together.
            var ceiling = Math.Min(BackoffCap.TotalMilliseconds, BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 10)));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling));
        }
    }

    private async Task<JsonRpc> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_rpc is { IsDisposed: false } rpc && !rpc.Completion.IsCompleted)
        {
            return rpc;
        }

        await DisconnectAsync();
        _client = new TcpClient { NoDelay = true };
        await _client.ConnectAsync("127.0.0.1", port, cancellationToken);
        _rpc = JsonRpc.Attach(_client.GetStream());
        return _rpc;
    }

    private Task DisconnectAsync()
    {
        _rpc?.Dispose();
        _client?.Dispose();
        _rpc = null;
        _client = null;
        return Task.CompletedTask;
    }
}
