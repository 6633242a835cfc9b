using System.Globalization;

namespace RpcLab.Tests.Interop;

/// <summary>
/// tests/peers/python/grpc_server.py (grpcio serving rpclab.echo.Echo and rpclab.users.Users) on a
/// port the OS chooses. Disposing it stops the server (stdin closed, then the process tree killed).
/// </summary>
public sealed class PythonGrpcServer : IAsyncDisposable
{
    private const string Ready = "listening on ";

    private readonly PeerProcess _process;

    private PythonGrpcServer(PeerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The NOT_FOUND message the Python server gives for an unknown user id.</summary>
    public static string NotFoundMessage(string id) => $"no user with id '{id}' (python server)";

    public static async Task<PythonGrpcServer> StartAsync()
    {
        var process = Peers.Start(Peer.PythonGrpc, "python/grpc_server.py", "--host", "127.0.0.1", "--port", "0");
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(Ready, StringComparison.Ordinal), $"starting with '{Ready}'");
            var port = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            return new PythonGrpcServer(process, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's output so far, for assertion messages.</summary>
    public string Describe() => _process.Describe();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
