using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RpcLab.Network;

/// <summary>
/// A TCP relay in this process: clients connect to it (<see cref="Host"/>:<see cref="Port"/>), it opens a connection
/// of its own to the upstream server for each, and pumps bytes both ways, never altering them, telling the
/// observers of <see cref="TcpRelayOptions"/> every chunk with its time. <c>rpclab wire</c> taps a call this way,
/// below every library, so what it shows is what crossed the socket; the fault proxy adds
/// <see cref="IRelayStage"/>s to the same pumps. A half-close is relayed as a half-close, so protocols that end a
/// request by shutting down their sending side keep working. Thread-safe; dispose to stop listening and close
/// every relayed connection.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly TcpRelayOptions _options;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RelayConnection> _connections = [];
    private readonly Task _accepting;
    private int _disposed;

    private TcpRelay(Socket listener, string upstreamHost, int upstreamPort, TcpRelayOptions options)
    {
        _listener = listener;
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _options = options;
        var local = (IPEndPoint)listener.LocalEndPoint!;
        Host = local.Address.ToString();
        Port = local.Port;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The address clients connect to.</summary>
    public string Host { get; }

    /// <summary>The port clients connect to (the OS's choice when <see cref="TcpRelayOptions.ListenPort"/> is 0).</summary>
    public int Port { get; }

    /// <summary>The time since the relay started, on the clock of <see cref="RelayChunk.At"/>.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Starts listening; connections are relayed to <paramref name="upstreamHost"/>:<paramref name="upstreamPort"/>, resolved when each arrives.</summary>
    public static TcpRelay Start(string upstreamHost, int upstreamPort, TcpRelayOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(upstreamHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(upstreamPort);
        options ??= new TcpRelayOptions();
        var address = IPAddress.Parse(options.ListenHost);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, options.ListenPort));
            listener.Listen(16);
            return new TcpRelay(listener, upstreamHost, upstreamPort, options);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until every connection accepted so far has ended in both directions, or <paramref name="patience"/>
    /// has passed (a client that keeps its connection open after its call never ends it). True when all ended.
    /// </summary>
    public async Task<bool> WhenConnectionsEndAsync(TimeSpan patience, CancellationToken cancellationToken = default)
    {
        Task[] ending;
        lock (_connections)
        {
            ending = [.. _connections.Select(c => c.Completion)];
        }

        var all = Task.WhenAll(ending);
        var finished = await Task.WhenAny(all, Task.Delay(patience, cancellationToken)).ConfigureAwait(false);
        return finished == all;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        RelayConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var number = 0;
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = new RelayConnection(++number, client, _options, () => Stopwatch.GetElapsedTime(_started), _stop.Token);
            lock (_connections)
            {
                _connections.Add(connection);
            }

            connection.Start(_upstreamHost, _upstreamPort);
        }
    }
}
