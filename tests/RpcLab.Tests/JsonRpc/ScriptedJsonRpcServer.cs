using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// A fake JSON-RPC server on 127.0.0.1 port 0 that a test scripts by hand (Content-Length framing), to
/// see how our client copes with a server that answers badly. It accepts one connection; every read has
/// a timeout so a missing message fails the test instead of hanging it. Not thread-safe: one test drives it.
/// </summary>
public sealed class ScriptedJsonRpcServer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TcpListener _listener;
    private readonly List<byte> _buffer = [];
    private Socket? _socket;

    private ScriptedJsonRpcServer(TcpListener listener) => _listener = listener;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static ScriptedJsonRpcServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ScriptedJsonRpcServer(listener);
    }

    /// <summary>The next message the client sent, parsed (accepts the connection first if needed).</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        _socket ??= await _listener.AcceptSocketAsync(timeout.Token);
        while (true)
        {
            var bytes = _buffer.ToArray();
            var text = Encoding.ASCII.GetString(bytes);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = int.Parse(text["Content-Length: ".Length..end], System.Globalization.CultureInfo.InvariantCulture);
                if (bytes.Length >= end + 4 + length)
                {
                    _buffer.RemoveRange(0, end + 4 + length);
                    return JsonSerializer.Deserialize<JsonElement>(bytes.AsSpan(end + 4, length));
                }
            }

            var chunk = new byte[8192];
            var read = await _socket.ReceiveAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new IOException("the client closed the connection");
            }

            _buffer.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>The next message the client sent that is not a notification (skips $/cancelRequest and the like).</summary>
    public async Task<JsonElement> ReceiveRequestOrResponseAsync()
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.TryGetProperty("id", out _))
            {
                return message;
            }
        }
    }

    /// <summary>Sends <paramref name="json"/> in a Content-Length frame.</summary>
    public async Task SendAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await _socket!.SendAsync((byte[])[.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);
    }

    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
