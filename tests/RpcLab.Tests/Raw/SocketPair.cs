using System.Net;
using System.Net.Sockets;

namespace RpcLab.Tests.Raw;

/// <summary>Two connected loopback TCP sockets, for testing framing without a server. Disposing closes both.</summary>
public sealed class SocketPair : IDisposable
{
    private SocketPair(Socket left, Socket right)
    {
        Left = left;
        Right = right;
    }

    public Socket Left { get; }

    public Socket Right { get; }

    public static async Task<SocketPair> CreateAsync()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var left = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptAsync();
        await left.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
        var right = await accept;
        right.NoDelay = true;
        return new SocketPair(left, right);
    }

    public void Dispose()
    {
        Left.Dispose();
        Right.Dispose();
    }
}
