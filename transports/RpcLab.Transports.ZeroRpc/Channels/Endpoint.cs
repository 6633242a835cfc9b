using System.Net;
using System.Net.Sockets;

namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>ZeroMQ tcp endpoints from a host and a port: names resolved first (ZeroMQ binds addresses), IPv6 in brackets.</summary>
internal static class Endpoint
{
    /// <summary><c>tcp://127.0.0.1:4242</c>; <paramref name="port"/> null leaves the port out (for BindRandomPort).</summary>
    public static string Tcp(string host, int? port, out bool ipv6)
    {
        var address = host is "*" or "0.0.0.0" ? IPAddress.Any : IPAddress.TryParse(host, out var parsed) ? parsed : Resolve(host);
        ipv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var text = address.Equals(IPAddress.Any) ? "*" : ipv6 ? $"[{address}]" : address.ToString();
        return port is { } p ? $"tcp://{text}:{p}" : $"tcp://{text}";
    }

    private static IPAddress Resolve(string host)
    {
        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
