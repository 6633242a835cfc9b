using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RpcLab.Tests.Faults;

/// <summary>
/// A server for the proxy's tests, on port 0: it reads raw frames (4-byte length, payload) on every connection, keeps
/// each payload it received in order, and answers each with the same frame, unless told to stay silent.
/// </summary>
internal sealed class FramedEchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    public FramedEchoServer(bool answer = true)
    {
        Answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool Answer { get; }

    /// <summary>Every payload received, in the order read.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Bytes received, frames or not.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytes);

    public int Connections => Volatile.Read(ref _connections);

    private long _bytes;
    private int _connections;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            while (true)
            {
                var header = new byte[4];
                await stream.ReadExactlyAsync(header, _stop.Token);
                var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
                await stream.ReadExactlyAsync(payload, _stop.Token);
                Interlocked.Add(ref _bytes, 4 + payload.Length);
                Received.Enqueue(Encoding.UTF8.GetString(payload));
                if (Answer)
                {
                    await stream.WriteAsync(header.Concat(payload).ToArray(), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
            // The client went away or the server stops.
        }
    }
}
