using System.Net.Sockets;
using StreamJsonRpc;

namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// The checker's own connection to the student's key/value server, straight to its port (no proxy): JSON-RPC 2.0 with
/// Content-Length framing through StreamJsonRpc, as the workspace speaks it. Each call has a time limit and fails the
/// check with a sentence naming the method; every call is counted in the <see cref="CheckContext"/>. Not thread-safe.
/// </summary>
internal sealed class KvClient : IAsyncDisposable
{
    /// <summary>Generous: the first call JIT-compiles the student's server on a shared machine.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private readonly CountingStream _stream;
    private readonly JsonRpc _rpc;
    private readonly CheckContext _context;

    private KvClient(TcpClient client, CheckContext context)
    {
        _client = client;
        _context = context;
        _stream = new CountingStream(client.GetStream());
        _rpc = JsonRpc.Attach(_stream);
    }

    public static async Task<KvClient> ConnectAsync(CheckContext context, CancellationToken cancellationToken) =>
        new(await context.ConnectTcpAsync("key/value server", cancellationToken).ConfigureAwait(false), context);

    public Task<KvValue> GetAsync(string key, CancellationToken cancellationToken) =>
        CallAsync<KvValue>("Get", [key], $"Get(\"{key}\")", cancellationToken);

    public Task<long> AppendAsync(string key, string token, long clientId, long seq, CancellationToken cancellationToken) =>
        CallAsync<long>("Append", [key, token, clientId, seq], $"Append(\"{key}\", \"{token}\", {clientId}, {seq})", cancellationToken);

    public Task<int> DedupTableSizeAsync(CancellationToken cancellationToken) =>
        CallAsync<int>("DedupTableSize", [], "DedupTableSize()", cancellationToken);

    public ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        _stream.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> CallAsync<T>(string method, object?[] arguments, string what, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CallTimeout);
        try
        {
            var before = _stream.Bytes;
            var result = await _rpc.InvokeWithCancellationAsync<T>(method, arguments, limit.Token).WaitAsync(limit.Token).ConfigureAwait(false);
            _context.CountCall(_stream.Bytes - before);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CheckFailedException($"{what} sent straight to your server (no proxy) got no reply within {CallTimeout.TotalSeconds:0} s");
        }
        catch (RemoteMethodNotFoundException)
        {
            throw new CheckFailedException($"{what}: your server has no JSON-RPC method {method} (the workspace's KvService names them Get, Put, Append and DedupTableSize)");
        }
        catch (RemoteInvocationException e)
        {
            throw new CheckFailedException($"{what}: your server answered the error {e.ErrorCode}: {e.Message}");
        }
        catch (ConnectionLostException)
        {
            throw new CheckFailedException($"{what}: your server closed the connection instead of answering");
        }
    }
}
