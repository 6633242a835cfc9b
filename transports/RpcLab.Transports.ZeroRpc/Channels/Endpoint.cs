using System.Net;
using System.Net.Sockets;
using NetMQ;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>ZeroMQ tcp endpoints from a host and a port: names resolved first (ZeroMQ binds addresses), IPv6 in brackets.</summary>
internal static class Endpoint
{
    /// <summary>How many ports 0 may yield before <see cref="Bind"/> gives up finding one free on every address.</summary>
    private const int PortAttempts = 8;

    /// <summary><c>tcp://127.0.0.1:4242</c>; <paramref name="port"/> null leaves the port out (for BindRandomPort).</summary>
    public static string Tcp(string host, int? port, out bool ipv6)
    {
        var address = host is "*" or "0.0.0.0" ? IPAddress.Any : IPAddress.TryParse(host, out var parsed) ? parsed : Resolve(host);
        ipv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var text = address.Equals(IPAddress.Any) ? "*" : ipv6 ? $"[{address}]" : address.ToString();
        return port is { } p ? $"tcp://{text}:{p}" : $"tcp://{text}";
    }

    /// <summary>
    /// The listen policy in ZeroMQ's words: binds <paramref name="socket"/> on every address of
    /// <paramref name="address"/> on one port, as <see cref="ListenAddress.Bind"/> does with plain sockets (a later
    /// address this machine lacks is skipped; port 0 is retried until one port is free on all), and returns the port.
    /// [::] is bound with IPv4Only off, which NetMQ turns into a dual-stack socket. Call before the socket's thread starts.
    /// </summary>
    public static int Bind(NetMQSocket socket, ListenAddress address, int port)
    {
        socket.Options.IPv4Only = address.Addresses.All(a => a.AddressFamily == AddressFamily.InterNetwork);
        for (var attempt = 1; ; attempt++)
        {
            var bound = new List<string>(address.Addresses.Count);
            try
            {
                var chosen = port;
                for (var i = 0; i < address.Addresses.Count; i++)
                {
                    var host = Host(address.Addresses[i]);
                    try
                    {
                        if (chosen == 0)
                        {
                            chosen = socket.BindRandomPort($"tcp://{host}");
                        }
                        else
                        {
                            socket.Bind($"tcp://{host}:{chosen}");
                        }

                        bound.Add($"tcp://{host}:{chosen}");
                    }
                    catch (NetMQException e) when (i > 0 && e.ErrorCode is ErrorCode.AddressNotAvailable or ErrorCode.AddressFamilyNotSupported or ErrorCode.ProtocolNotSupported)
                    {
                        // This machine lacks the address (no ::1): the others serve.
                    }
                }

                return chosen;
            }
            catch (AddressAlreadyInUseException) when (port == 0 && bound.Count > 0 && attempt < PortAttempts)
            {
                // The first address's random port is taken on a later one: try another.
                bound.ForEach(socket.Unbind);
            }
        }
    }

    private static string Host(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static IPAddress Resolve(string host)
    {
        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
