using System.Net.Sockets;
using System.Reflection;

namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// Ends one TCP connection NetMQ accepted, from outside NetMQ. ZeroMQ has no call that closes one peer's connection of
/// a bound socket, and disposing the accepted socket (the one a socket monitor reports) under NetMQ's I/O thread
/// crashes the process (an ObjectDisposedException thrown on that thread, seen here). Shutting it down instead leaves
/// the socket whole: NetMQ's next receive reads the end of the stream, its next send fails, and NetMQ closes the
/// connection itself, on its own thread, as when a peer hangs up. The monitor hands out AsyncIO's wrapper, which does
/// not offer Shutdown, so the .NET socket inside it is taken by reflection (AsyncIO 0.1.69, under NetMQ 4.0.4.5); if
/// that wrapper ever changes, <see cref="TryShutdown"/> says false and the caller leaves the connection open.
/// Thread-safe.
/// </summary>
internal static class AcceptedConnection
{
    private static readonly FieldInfo? InnerSocket =
        typeof(AsyncIO.AsyncSocket).Assembly.GetType("AsyncIO.DotNet.NativeSocket")?.GetField("m_socket", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>Shuts <paramref name="socket"/> down both ways; false when it could not be reached (then nothing was done).</summary>
    public static bool TryShutdown(AsyncIO.AsyncSocket socket)
    {
        if (InnerSocket?.GetValue(socket) is not Socket inner)
        {
            return false;
        }

        try
        {
            inner.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: gone either way.
        }

        return true;
    }
}
