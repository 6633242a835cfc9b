using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lab5.Server;

/// <summary>The socket server: one task per connection reads frames; each request runs as a task of its own, so a slow
/// call does not hold up the others, and replies are written one at a time under the connection's lock.</summary>
public static class LabServer
{
    public static async Task RunAsync(int port, CancellationToken cancellationToken)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(128);
        Console.WriteLine($"lab5 server listening on 127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}");
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(cancellationToken);
            _ = ServeAsync(socket, cancellationToken);
        }
    }

    private static async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var owned = socket;
        Framing.Configure(socket);
        var writing = new SemaphoreSlim(1, 1);
        try
        {
            while (await Framing.ReadFrameAsync(socket, cancellationToken) is { } payload)
            {
                _ = AnswerAsync(socket, writing, payload, cancellationToken);
            }
        }
        catch (InvalidDataException e)
        {
            // The frame boundary is lost: say why, then close.
            await SendAsync(socket, writing, Messages.Exception(null, "Message Too Large", e.Message), cancellationToken);
        }
        catch (Exception e) when (e is SocketException or EndOfStreamException or OperationCanceledException)
        {
            // The client went away: nothing to answer.
        }
    }

    private static async Task AnswerAsync(Socket socket, SemaphoreSlim writing, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(socket, writing, await Dispatcher.HandleAsync(payload, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection closed before the reply could go.
        }
    }

    private static async Task SendAsync(Socket socket, SemaphoreSlim writing, JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await writing.WaitAsync(cancellationToken);
        try
        {
            await Framing.WriteFrameAsync(socket, bytes, cancellationToken);
        }
        finally
        {
            writing.Release();
        }
    }
}
