using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace RpcLab.Tests.Faults;

/// <summary>A client of <see cref="FramedEchoServer"/> for the proxy's tests: sends raw frames, reads them back.</summary>
internal sealed class FramedClient : IDisposable
{
    private readonly TcpClient _client = new() { NoDelay = true };

    private FramedClient()
    {
    }

    public static async Task<FramedClient> ConnectAsync(string host, int port)
    {
        var client = new FramedClient();
        await client._client.ConnectAsync(host, port);
        return client;
    }

    public Task SendAsync(string text) => _client.GetStream().WriteAsync(FrameSplitterTests.RawFrame(text)).AsTask();

    /// <summary>The next frame's text; null when the connection closed; an <see cref="IOException"/> when it was reset; an <see cref="OperationCanceledException"/> after <paramref name="patience"/>.</summary>
    public async Task<string?> ReadAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var stream = _client.GetStream();
        var header = new byte[4];
        try
        {
            await stream.ReadExactlyAsync(header, timeout.Token);
        }
        catch (EndOfStreamException)
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
        await stream.ReadExactlyAsync(payload, timeout.Token);
        return Encoding.UTF8.GetString(payload);
    }

    /// <summary>Whatever one read of the socket gives (at most <paramref name="max"/> bytes): how the bytes arrived, not what they mean.</summary>
    public async Task<int> ReadSomeAsync(int max, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        return await _client.GetStream().ReadAsync(new byte[max], timeout.Token);
    }

    public void Dispose() => _client.Dispose();
}
