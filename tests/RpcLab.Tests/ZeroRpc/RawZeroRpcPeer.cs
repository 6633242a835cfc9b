using MessagePack;
using MessagePack.Resolvers;
using NetMQ;
using NetMQ.Sockets;

namespace RpcLab.Tests.ZeroRpc;

/// <summary>
/// A hand-driven zerorpc socket for wire tests: a DEALER (to talk to our server) or a ROUTER (to play a server
/// for our client), sending events built here and reading events back decoded generically. One test thread
/// uses it at a time (NetMQ sockets are not thread-safe); every wait is bounded. Dispose closes the socket.
/// </summary>
public sealed class RawZeroRpcPeer : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly MessagePackSerializerOptions Generic = ContractlessStandardResolver.Options;
    private readonly NetMQSocket _socket;
    private int _counter;

    private RawZeroRpcPeer(NetMQSocket socket, int port)
    {
        _socket = socket;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The routing frames of the last event a ROUTER received, to reply through.</summary>
    public byte[][] LastIdentity { get; private set; } = [];

    /// <param name="port">The server's port.</param>
    /// <param name="configure">Socket options to set before connecting (a receive high-water mark, say).</param>
    public static RawZeroRpcPeer Dealer(int port, Action<SocketOptions>? configure = null)
    {
        var socket = new DealerSocket();
        socket.Options.Linger = TimeSpan.Zero;
        configure?.Invoke(socket.Options);
        socket.Connect($"tcp://127.0.0.1:{port}");
        return new RawZeroRpcPeer(socket, port);
    }

    public static RawZeroRpcPeer Router(int port = 0)
    {
        var socket = new RouterSocket();
        socket.Options.Linger = TimeSpan.Zero;
        if (port == 0)
        {
            port = socket.BindRandomPort("tcp://127.0.0.1");
        }
        else
        {
            socket.Bind($"tcp://127.0.0.1:{port}");
        }

        return new RawZeroRpcPeer(socket, port);
    }

    /// <summary>A fresh id as zerorpc makes them: 32 lowercase hex bytes.</summary>
    public byte[] NewId() => System.Text.Encoding.ASCII.GetBytes($"{Interlocked.Increment(ref _counter):x8}{"0123456789abcdef01234567"}");

    /// <summary>[header, name, args] packed as zerorpc-python packs it (str and bin apart).</summary>
    public static byte[] Pack(byte[] messageId, string name, object? args, byte[]? responseTo = null, IDictionary<string, object>? extraHeader = null)
    {
        var header = new Dictionary<string, object> { ["message_id"] = messageId, ["v"] = 3 };
        if (responseTo is not null)
        {
            header["response_to"] = responseTo;
        }

        foreach (var (key, value) in extraHeader ?? new Dictionary<string, object>())
        {
            header[key] = value;
        }

        return MessagePackSerializer.Serialize<object?[]>([header, name, args], Generic);
    }

    /// <summary>Sends a request and returns its message_id.</summary>
    public byte[] Request(string method, params object?[] args)
    {
        var id = NewId();
        SendPayload(Pack(id, method, args));
        return id;
    }

    /// <summary>Sends an event on a channel.</summary>
    public void OnChannel(byte[] channel, string name, object? args) => SendPayload(Pack(NewId(), name, args, channel));

    /// <summary>Sends these exact frames, after the ROUTER's routing frames when this is a ROUTER.</summary>
    public void SendFrames(params byte[][] frames)
    {
        var message = new NetMQMessage();
        foreach (var frame in _socket is RouterSocket ? LastIdentity : [])
        {
            message.Append(frame);
        }

        foreach (var frame in frames)
        {
            message.Append(frame);
        }

        Assert.True(_socket.TrySendMultipartMessage(Patience, message), "could not send");
    }

    /// <summary>Sends one payload in the envelope zerorpc uses: ["", payload].</summary>
    public void SendPayload(byte[] payload) => SendFrames([], payload);

    /// <summary>
    /// The next event; on a ROUTER, also remembers who sent it. Heartbeats are skipped unless
    /// <paramref name="heartbeats"/> (they come every interval and would make any other wait racy). Fails the
    /// test after <paramref name="timeout"/>.
    /// </summary>
    public RawEvent Receive(TimeSpan? timeout = null, bool heartbeats = false) =>
        TryReceive(timeout ?? Patience, heartbeats) ?? throw new Xunit.Sdk.XunitException($"no event within {(timeout ?? Patience).TotalSeconds} s");

    /// <summary>The next event (heartbeats skipped unless asked for), or null when none comes within <paramref name="timeout"/>.</summary>
    public RawEvent? TryReceive(TimeSpan timeout, bool heartbeats = false)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            NetMQMessage? message = null;
            if (left <= TimeSpan.Zero || !_socket.TryReceiveMultipartMessage(left, ref message))
            {
                return null;
            }

            if (_socket is RouterSocket)
            {
                LastIdentity = [message[0].ToByteArray()];
            }

            var payload = message.Last.ToByteArray();
            var parts = MessagePackSerializer.Deserialize<object?[]>(payload, Generic);
            var e = new RawEvent((IReadOnlyDictionary<object, object?>)parts[0]!, (string)parts[1]!, parts[2], payload);
            if (heartbeats || e.Name != "_zpc_hb")
            {
                return e;
            }
        }
    }

    public void Dispose()
    {
        if (!_socket.IsDisposed)
        {
            _socket.Dispose();
        }
    }
}
