using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// A TCP listener whose every accepted connection is a <see cref="JsonRpcConnection"/> serving the method
/// table. A connection that sends garbage or vanishes ends alone; the others keep being served.
/// "localhost" binds both loopbacks (127.0.0.1 and ::1 where present) on one port. Thread-safe.
/// </summary>
internal sealed class JsonRpcServer : IRpcServer
{
    private readonly List<TcpListener> _listeners;
    private readonly IReadOnlyDictionary<string, JsonRpcHandler> _methods;
    private readonly ServerOptions _options;
    private readonly JsonRpcOptions _jsonRpc;
    private readonly ConcurrentDictionary<JsonRpcConnection, bool> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _acceptLoops;

    private JsonRpcServer(List<TcpListener> listeners, IReadOnlyDictionary<string, JsonRpcHandler> methods, ServerOptions options, JsonRpcOptions jsonRpc)
    {
        _listeners = listeners;
        _methods = methods;
        _options = options;
        _jsonRpc = jsonRpc;
        Port = ((IPEndPoint)listeners[0].LocalEndpoint).Port;
        _acceptLoops = listeners.Select(l => Task.Run(() => AcceptLoopAsync(l))).ToArray();
    }

    public string Transport => "jsonrpc";

    public string Host => _options.Host;

    public int Port { get; }

    /// <summary>Connections currently open (for tests and the server log).</summary>
    public int ConnectionCount => _connections.Count;

    public static JsonRpcServer Start(IReadOnlyDictionary<string, JsonRpcHandler> methods, ServerOptions options, JsonRpcOptions jsonRpc)
    {
        var addresses = string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : new[] { IPAddress.TryParse(options.Host, out var parsed) ? parsed : Dns.GetHostAddresses(options.Host).First() };

        var listeners = new List<TcpListener>();
        var port = options.Port;
        foreach (var address in addresses)
        {
            var listener = new TcpListener(address, port);
            try
            {
                listener.Start();
            }
            catch (SocketException) when (listeners.Count > 0)
            {
                // No ::1 on this machine: IPv4 loopback alone is fine.
                continue;
            }

            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listeners.Add(listener);
        }

        return new JsonRpcServer(listeners, methods, options, jsonRpc);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                // A connection that failed during the handshake affects no one else.
                continue;
            }

            socket.NoDelay = true;
            var connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true), _jsonRpc, _options.MaxMessageSize, _methods, socket.RemoteEndPoint?.ToString(), _options.CallLog);
            _connections[connection] = true;
            _ = connection.Closed.ContinueWith(
                async _ =>
                {
                    if (_connections.TryRemove(connection, out var _))
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
            connection.Start();
        }
    }
}
