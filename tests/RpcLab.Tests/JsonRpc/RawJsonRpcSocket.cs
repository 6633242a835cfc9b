using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// A hand-driven TCP connection for wire-level tests: sends exactly the bytes given and reads replies
/// with its own minimal framing parser (deliberately not the transport's, so the two check each other).
/// Every read has a timeout, so a missing reply fails the test instead of hanging it.
/// </summary>
public sealed class RawJsonRpcSocket : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly JsonRpcFraming _framing;
    private readonly List<byte> _buffer = [];

    private RawJsonRpcSocket(TcpClient client, JsonRpcFraming framing)
    {
        _client = client;
        _stream = client.GetStream();
        _framing = framing;
    }

    public static async Task<RawJsonRpcSocket> ConnectAsync(int port, JsonRpcFraming framing)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawJsonRpcSocket(client, framing);
    }

    /// <summary>The bytes as they are, in one write.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>One message framed as the server expects.</summary>
    public Task SendAsync(string json) => SendRawAsync(Frame(json, _framing));

    public static byte[] Frame(string json, JsonRpcFraming framing)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return framing == JsonRpcFraming.Newline
            ? [.. body, (byte)'\n']
            : [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
    }

    /// <summary>The next reply, parsed; fails the test after a timeout.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var text = await ReceiveTextAsync();
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>Calls a stream method and returns the enumerator token of its result, as JSON text.</summary>
    public async Task<string> CallForTokenAsync(string request)
    {
        await SendAsync(request);
        return (await ReceiveAsync()).GetProperty("result").GetProperty("token").GetRawText();
    }

    /// <summary>The next reply's exact JSON text.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            if (TryTakeFrame(out var frame))
            {
                return frame;
            }

            var chunk = new byte[8192];
            var read = await _stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"the server closed the connection; {_buffer.Count} unparsed bytes: {Encoding.UTF8.GetString(_buffer.ToArray())}");
            }

            _buffer.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>Reads until the server closes the connection; returns the replies that came before (fails after a timeout).</summary>
    public async Task<List<string>> ReadUntilClosedAsync()
    {
        var frames = new List<string>();
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            while (TryTakeFrame(out var frame))
            {
                frames.Add(frame);
            }

            var chunk = new byte[8192];
            int read;
            try
            {
                read = await _stream.ReadAsync(chunk, timeout.Token);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                return frames;
            }

            _buffer.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>Ends our side of the connection and keeps reading, as <c>nc -N</c> does at the end of its input.</summary>
    public void ShutdownSend() => _client.Client.Shutdown(SocketShutdown.Send);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private bool TryTakeFrame(out string frame)
    {
        frame = "";
        var bytes = _buffer.ToArray();
        if (_framing == JsonRpcFraming.Newline)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n');
            if (newline < 0)
            {
                return false;
            }

            frame = Encoding.UTF8.GetString(bytes, 0, newline);
            _buffer.RemoveRange(0, newline + 1);
            return true;
        }

        var text = Encoding.ASCII.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var header = text[..end];
        Assert.StartsWith("Content-Length: ", header);
        var length = int.Parse(header["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        if (bytes.Length < end + 4 + length)
        {
            return false;
        }

        frame = Encoding.UTF8.GetString(bytes, end + 4, length);
        _buffer.RemoveRange(0, end + 4 + length);
        return true;
    }
}
