using System.Net;
using System.Net.Sockets;

namespace RpcLab.Tests.Hosting;

/// <summary>
/// Whether this machine has an IPv6 loopback (::1), found by binding a socket there once: containers often run
/// without one, and then a test of ::1 is skipped with this reason rather than failed. Thread-safe.
/// </summary>
public static class Ipv6Loopback
{
    private static readonly Lazy<bool> Present = new(() =>
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    });

    public static bool Available => Present.Value;

    /// <summary>Null when ::1 is there, else why a test of it is skipped.</summary>
    public static string? SkipReason => Available ? null : "this machine has no IPv6 loopback (binding [::1]:0 failed)";

    /// <summary>The loopbacks a client on this machine can dial: 127.0.0.1, and ::1 where present.</summary>
    public static IReadOnlyList<string> Dialable => Available ? ["127.0.0.1", "::1"] : ["127.0.0.1"];
}
