using System.Text;
using System.Text.Json;
using Nerdbank.Streams;
using RpcLab.Services;
using RpcLab.Tests.Services;
using RpcLab.Transports.Buffers;
using RpcLab.Transports.JsonRpc;
using RpcLab.Transports.JsonRpc.Compliance;
using RpcLab.Transports.JsonRpc.Framing;
using RpcLab.Transports.JsonRpc.Server;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// The per-connection limit on requests in flight counts what the peer is still waiting for. The server's end runs over
/// an in-memory duplex stream whose writes can be held after their bytes went out, which is what a busy machine does
/// now and then to the thread that wrote a reply: the peer already has its answer, the server has not yet moved on.
/// </summary>
public sealed class ConcurrencyLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_request_sent_the_moment_the_previous_one_is_answered_is_not_refused()
    {
        // Arrange: a limit of one request in flight; the reply to "first" reaches the peer, but its write does not return.
        using var folder = new TempFolder();
        await using var host = ServiceHost.Create(new ServiceOptions { DataDirectory = folder.Path });
        var (serverEnd, peerEnd) = FullDuplexStream.CreatePair();
        var held = new WritesHeldAfterSending(serverEnd);
        var handler = new SpecComplianceHandler(
            held,
            new HandlerOptions(NewlineFramer.Instance, 1 << 20, MaxConcurrentRequests: 1, MaxBatchSize: 10, TimeSpan.FromSeconds(1), "test", CallLog: null, WireTap: null),
            JsonRpcSerialization.CreateFormatter());
        using var rpc = new ServerJsonRpc(handler, maxOpenStreams: 1);
        ServerMethods.Register(rpc, host.Services, specExamples: false);
        rpc.StartListening();
        using var peer = new StreamReader(peerEnd, Encoding.UTF8);

        // Act
        held.HoldNextWrite();
        await SendAsync(peerEnd, """{"jsonrpc":"2.0","method":"echo.reverse","params":["first"],"id":1}""");
        var first = await ReadAsync(peer);
        await SendAsync(peerEnd, """{"jsonrpc":"2.0","method":"echo.reverse","params":["second"],"id":2}""");
        held.Release();
        var second = await ReadAsync(peer);

        // Assert
        Assert.Equal("tsrif", first.GetProperty("result").GetString());
        Assert.False(second.TryGetProperty("error", out var error), $"the second request was refused: {error}");
        Assert.Equal("dnoces", second.GetProperty("result").GetString());
    }

    private static async Task SendAsync(Stream stream, string json)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"));
        await stream.FlushAsync();
    }

    private static async Task<JsonElement> ReadAsync(StreamReader reader)
    {
        var line = await reader.ReadLineAsync().WaitAsync(Patience) ?? throw new EndOfStreamException("the server closed the connection");
        return JsonDocument.Parse(line).RootElement;
    }

    /// <summary>Passes every write through at once; when told, the next write then waits for <see cref="Release"/> before it returns.</summary>
    private sealed class WritesHeldAfterSending(Stream inner) : PassThroughStream(inner)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _holdNext;

        public void HoldNextWrite() => Volatile.Write(ref _holdNext, 1);

        public void Release() => _released.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await base.WriteAsync(buffer, cancellationToken);
            await FlushAsync(cancellationToken);
            if (Interlocked.Exchange(ref _holdNext, 0) == 1)
            {
                await _released.Task.WaitAsync(Patience, cancellationToken);
            }
        }
    }
}
