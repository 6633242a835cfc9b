using System.Net;
using System.Net.Sockets;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// The one listen-address policy: what a server's <c>--host</c> (<see cref="ServerOptions.Host"/>) means, so every
/// server binds the same addresses for the same words and its listening line says the same thing.
/// <list type="table">
/// <item><term><c>localhost</c> (any case)</term><description>both loopbacks on one port: 127.0.0.1, and ::1 where
/// the machine has it (RFC 6761: not looked up, since many hosts files map it to 127.0.0.1 alone and a client may try
/// ::1 first). Prints <c>localhost</c>.</description></item>
/// <item><term>an IPv4 or IPv6 literal (<c>127.0.0.1</c>, <c>::1</c>, <c>[::1]</c>)</term><description>that address
/// alone. Prints it in canonical form.</description></item>
/// <item><term><c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>::</c></term><description>every interface: one dual-stack
/// [::] socket that takes IPv4 too, or 0.0.0.0 on a machine without IPv6. Prints <c>::</c> (shown <c>[::]</c>)
/// or <c>0.0.0.0</c>, the address bound.</description></item>
/// <item><term>a host name</term><description>every address it resolves to, IPv4 first, on one port. Prints the
/// name. A name that does not resolve is an <see cref="ArgumentException"/> saying what <c>--host</c> takes.</description></item>
/// </list>
/// Where one word stands for several addresses, the first must bind and later ones are skipped only when this machine
/// lacks them (no ::1); a port another program holds on any of them is an error, and port 0 is retried until one port
/// is free on all of them, so a client trying the addresses in any order never reaches someone else. Transports only
/// translate <see cref="Addresses"/> (or the sockets <see cref="Bind"/> makes) into their library's form.
/// Immutable and thread-safe.
/// </summary>
public sealed class ListenAddress
{
    /// <summary>Pending connections the OS queues per listening socket (<see cref="Listen"/>): enough for a load run's burst of connects.</summary>
    public const int DefaultBacklog = 512;

    /// <summary>How many ports 0 may yield before <see cref="Bind"/> gives up finding one free on every address.</summary>
    private const int PortAttempts = 8;

    private ListenAddress(string host, IReadOnlyList<IPAddress> addresses)
    {
        Host = host;
        Addresses = addresses;
    }

    /// <summary>What a listening line prints for this address (bracket IPv6 where a port follows).</summary>
    public string Host { get; }

    /// <summary>The addresses to bind, in order, all on one port; only the first is required (see the type's remarks).</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>True for every interface (<c>*</c>): the one address is [::] (dual-stack) or 0.0.0.0.</summary>
    public bool IsAnyInterface => Addresses is [var only] && (only.Equals(IPAddress.IPv6Any) || only.Equals(IPAddress.Any));

    /// <summary>True when only this machine can connect (every address is a loopback one).</summary>
    public bool IsLoopback => Addresses.All(IPAddress.IsLoopback);

    /// <summary>
    /// Reads <paramref name="host"/> as the table of the type says, resolving a host name through DNS.
    /// Throws <see cref="ArgumentException"/> for an empty host or a name that does not resolve.
    /// </summary>
    public static ListenAddress Resolve(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.Trim();
        if (text.Length == 0)
        {
            // No parameter name: the message is what rpclab prints, and "(Parameter 'host')" would only clutter it.
            throw new ArgumentException("--host is empty: give localhost, an IP address such as 127.0.0.1 or ::1, * for every interface, or a host name");
        }

        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress("localhost", [IPAddress.Loopback, IPAddress.IPv6Loopback]);
        }

        if (text is "*" or "+")
        {
            return AnyInterface();
        }

        var literal = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        if (IPAddress.TryParse(literal, out var address))
        {
            return address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
                ? AnyInterface()
                : new ListenAddress(address.ToString(), [address]);
        }

        IPAddress[] resolved;
        try
        {
            resolved = Dns.GetHostAddresses(text);
        }
        catch (SocketException e)
        {
            throw NotAnAddress(text, $"nothing ({e.Message})", e);
        }

        if (resolved.Length == 0)
        {
            throw NotAnAddress(text, "no address", null);
        }

        return new ListenAddress(text, [.. resolved.Distinct().OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)]);
    }

    /// <summary>
    /// Binds one TCP socket per address of <see cref="Addresses"/> on <paramref name="port"/> (0: one port the OS
    /// chooses, free on all of them), not yet listening, for servers that hold their own sockets (an accept loop,
    /// Kestrel). The caller owns the sockets. Throws <see cref="SocketException"/> when the first address (or any,
    /// for a port in use) cannot be bound.
    /// </summary>
    public IReadOnlyList<Socket> Bind(int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        for (var attempt = 1; ; attempt++)
        {
            var bound = new List<Socket>(Addresses.Count);
            try
            {
                var chosen = port;
                for (var i = 0; i < Addresses.Count; i++)
                {
                    if (TryBind(Addresses[i], chosen, required: i == 0) is { } socket)
                    {
                        bound.Add(socket);
                        chosen = ((IPEndPoint)socket.LocalEndPoint!).Port;
                    }
                }

                return bound;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && port == 0 && bound.Count > 0 && attempt < PortAttempts)
            {
                // The OS's port for the first address is taken on a later one: try another.
                bound.ForEach(s => s.Dispose());
            }
            catch
            {
                bound.ForEach(s => s.Dispose());
                throw;
            }
        }
    }

    /// <summary>
    /// <see cref="Bind"/>, then listening on every socket, for servers that accept connections themselves
    /// (<see cref="TcpAcceptLoop"/>, the raw toolkit). The caller owns the sockets.
    /// </summary>
    public IReadOnlyList<Socket> Listen(int port, int backlog = DefaultBacklog)
    {
        var sockets = Bind(port);
        try
        {
            foreach (var socket in sockets)
            {
                socket.Listen(backlog);
            }

            return sockets;
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>True when a bind failed because this machine lacks the address (or its family), not because it is in use.</summary>
    public static bool IsMissingHere(SocketError error) =>
        error is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported or SocketError.ProtocolNotSupported;

    public override string ToString() => Host;

    private static Socket? TryBind(IPAddress address, int port, bool required)
    {
        Socket? socket = null;
        try
        {
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (address.Equals(IPAddress.IPv6Any))
            {
                // One socket for both families, as Kestrel's ListenAnyIP does.
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch (SocketException e) when (!required && IsMissingHere(e.SocketErrorCode))
        {
            socket?.Dispose();
            return null;
        }
        catch
        {
            socket?.Dispose();
            throw;
        }
    }

    private static ListenAddress AnyInterface() =>
        Socket.OSSupportsIPv6 ? new ListenAddress("::", [IPAddress.IPv6Any]) : new ListenAddress("0.0.0.0", [IPAddress.Any]);

    private static ArgumentException NotAnAddress(string host, string why, Exception? inner) =>
        new($"cannot listen on '{host}': it is not localhost, an IP address (such as 127.0.0.1 or ::1) or * (every interface), and as a host name it resolves to {why}", inner);
}
