using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RpcLab.Transports.Raw.Framing;

namespace RpcLab.Tests.Raw;

/// <summary>
/// A hand-written peer of the raw protocol for tests: sends whatever bytes a test wants (whole frames, half frames,
/// garbage) and reads the server's frames one by one, each wait bounded. Disposing closes the socket.
/// Not thread-safe.
/// </summary>
public sealed class RawSocket : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly Socket _socket;

    private RawSocket(Socket socket) => _socket = socket;

    public static async Task<RawSocket> ConnectAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        return new RawSocket(socket);
    }

    /// <summary>Sends <paramref name="json"/> as one frame.</summary>
    public Task SendMessageAsync(string json) => SendBytesAsync(FrameLayout.Frame(Encoding.UTF8.GetBytes(json)));

    public async Task SendBytesAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
    }

    /// <summary>The next frame's payload as JSON; throws when the connection ends first.</summary>
    public async Task<JsonElement> ReadMessageAsync()
    {
        var prefix = await ReadExactlyAsync(FrameLayout.PrefixSize) ?? throw new IOException("the server closed the connection");
        var payload = await ReadExactlyAsync((int)BinaryPrimitives.ReadUInt32BigEndian(prefix)) ?? throw new IOException("the server closed the connection inside a frame");
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.Clone();
    }

    /// <summary>True when the server closes the connection (end of stream or reset) within the patience, reading and dropping anything before.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<byte[]?> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        var read = 0;
        using var timeout = new CancellationTokenSource(Patience);
        while (read < count)
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return buffer;
    }
}
