using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc.Compliance;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// A TCP listener whose every accepted connection is StreamJsonRpc (<see cref="ServerJsonRpc"/>) over the
/// spec-compliance handler, serving the <see cref="ServerMethods"/>. A connection that sends garbage or vanishes
/// ends alone; the others keep being served. "localhost" binds both loopbacks (127.0.0.1 and ::1 where present)
/// on one port. Thread-safe.
/// </summary>
internal sealed class JsonRpcServer : IRpcServer
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(5);
    private readonly List<TcpListener> _listeners;
    private readonly ServiceSet _services;
    private readonly ServerOptions _options;
    private readonly JsonRpcOptions _jsonRpc;
    private readonly ConcurrentDictionary<ServerJsonRpc, bool> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _acceptLoops;

    private JsonRpcServer(List<TcpListener> listeners, ServiceSet services, ServerOptions options, JsonRpcOptions jsonRpc)
    {
        _listeners = listeners;
        _services = services;
        _options = options;
        _jsonRpc = jsonRpc;
        Port = ((IPEndPoint)listeners[0].LocalEndpoint).Port;
        _acceptLoops = listeners.Select(l => Task.Run(() => AcceptLoopAsync(l))).ToArray();
    }

    public string Transport => "jsonrpc";

    public string Host => _options.Host;

    public int Port { get; }

    /// <summary>Connections currently open (for tests).</summary>
    public int ConnectionCount => _connections.Count;

    public static JsonRpcServer Start(ServiceSet services, ServerOptions options, JsonRpcOptions jsonRpc)
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

        return new JsonRpcServer(listeners, services, options, jsonRpc);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        var open = _connections.Keys.ToArray();
        foreach (var connection in open)
        {
            connection.Dispose();
        }

        // Methods in flight were cancelled; wait for them briefly so the services are not disposed under their
        // feet, but never hang on one that ignores cancellation.
        await Task.WhenAll(open.Select(c => Task.WhenAll(c.Completion, c.DispatchCompletion)))
            .WaitAsync(StopPatience)
            .ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
            .ConfigureAwait(false);
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

            Serve(socket);
        }
    }

    private void Serve(Socket socket)
    {
        socket.NoDelay = true;
        var handler = new SpecComplianceHandler(
            new NetworkStream(socket, ownsSocket: true),
            new HandlerOptions(_jsonRpc.Framer, _options.MaxMessageSize, _jsonRpc.MaxConcurrentRequests, _jsonRpc.MaxBatchSize, _jsonRpc.HalfCloseGrace, socket.RemoteEndPoint?.ToString(), _options.CallLog, WireTap: null),
            JsonRpcSerialization.CreateFormatter());
        var rpc = new ServerJsonRpc(handler, _jsonRpc.MaxConcurrentRequests);
        ServerMethods.Register(rpc, _services, _jsonRpc.ServeSpecExamples);
        _connections[rpc] = true;
        _ = rpc.Completion.ContinueWith(
            _ =>
            {
                _connections.TryRemove(rpc, out var _);
                rpc.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        rpc.StartListening();
    }
}
