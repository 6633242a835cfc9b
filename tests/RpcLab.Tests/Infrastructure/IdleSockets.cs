using System.Net;
using System.Net.Sockets;

namespace RpcLab.Tests.Infrastructure;

/// <summary>
/// Plain TCP connections to a server that send nothing (or what a test trickles), as the probe opened them: each is
/// watched from the start, reading and dropping whatever the server sends, so a test can ask how many the server has
/// closed (end of stream or reset). Disposing closes them all. Thread-safe for its queries.
/// </summary>
public sealed class IdleSockets : IDisposable
{
    private readonly List<Socket> _sockets;
    private readonly List<Task> _closed;

    private IdleSockets(List<Socket> sockets)
    {
        _sockets = sockets;
        _closed = [.. sockets.Select(WatchAsync)];
    }

    public int Count => _sockets.Count;

    /// <summary>How many the server has closed so far.</summary>
    public int Closed => _closed.Count(t => t.IsCompleted);

    /// <summary><paramref name="count"/> connections to 127.0.0.1:<paramref name="port"/>, from <paramref name="from"/> (default 127.0.0.1), opened one after another.</summary>
    public static async Task<IdleSockets> OpenAsync(int port, int count, IPAddress? from = null)
    {
        var sockets = new List<Socket>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                sockets.Add(socket);
                if (from is not null)
                {
                    socket.Bind(new IPEndPoint(from, 0));
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            }
        }
        catch
        {
            sockets.ForEach(s => s.Dispose());
            throw;
        }

        return new IdleSockets(sockets);
    }

    /// <summary>Waits until at least <paramref name="count"/> are closed, or <paramref name="patience"/> passes; returns how many are.</summary>
    public async Task<int> WaitForClosedAsync(int count, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (Closed < count && !timeout.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        return Closed;
    }

    /// <summary>Sends <paramref name="bytes"/> on the first connection, one byte every <paramref name="gap"/>, until done or the server closes it.</summary>
    public async Task TrickleAsync(byte[] bytes, TimeSpan gap, CancellationToken cancellationToken = default)
    {
        foreach (var b in bytes)
        {
            if (_closed[0].IsCompleted)
            {
                return;
            }

            try
            {
                await _sockets[0].SendAsync(new[] { b }, SocketFlags.None, cancellationToken);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            await Task.Delay(gap, cancellationToken);
        }
    }

    /// <summary>Completes when the first connection is closed by the server.</summary>
    public Task FirstClosed => _closed[0];

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }

    // Completes when the server ends the connection; never fails (a local dispose also ends it, at the end of a test).
    private static async Task WatchAsync(Socket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset by the server, or closed here at the end.
        }
    }
}
