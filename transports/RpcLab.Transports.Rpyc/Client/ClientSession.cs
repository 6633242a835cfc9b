using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Rpyc.Protocol;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Client;

/// <summary>
/// One connection of the client and what it learnt: the server's root, each service's reference (one GETATTR per
/// service, then CALLATTR per call), and whether the server is ours (it accepted RPCLAB_VALUES, so results come by
/// value and RPCLAB_CANCEL reaches its handlers). A real rpyc server refuses the extension and is called the plain
/// way, its lists and dicts read through their references. Thread-safe.
/// </summary>
internal sealed class ClientSession
{
    private readonly Dictionary<string, Task<object?>> _services = new(StringComparer.Ordinal);

    private ClientSession(RpycConnection connection, RemoteRef root, bool peerIsRpcLab)
    {
        Connection = connection;
        Root = root;
        PeerIsRpcLab = peerIsRpcLab;
    }

    public RpycConnection Connection { get; }

    public RemoteRef Root { get; }

    public bool PeerIsRpcLab { get; }

    public static async Task<ClientSession> OpenAsync(ClientOptions options, RpycOptions rpyc, CancellationToken cancellationToken)
    {
        var where = $"{options.Host}:{options.Port}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(rpyc.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
                throw new RpcException(RpcStatusCode.Unavailable, $"no rpyc server at {where} ({(e is SocketException s ? s.SocketErrorCode.ToString() : "connect timed out")})", e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var connection = new RpycConnection(new NetworkStream(socket, ownsSocket: true), new ConnectionSettings
        {
            Root = new ClientRoot(),
            Peer = where,
            MaxMessageSize = options.MaxMessageSize,
            Sequential = false,
            Version = ProtocolVersion.V5,
            WireTap = options.WireTap,
        });
        connection.Start();
        try
        {
            bool ours;
            try
            {
                ours = await connection.RequestAsync(RpycConsts.HandleRpcLabValues, [], cancellationToken).ConfigureAwait(false) is true;
            }
            catch (RemoteError)
            {
                ours = false; // a real rpyc server: no such handler
            }

            var root = await connection.RequestAsync(RpycConsts.HandleGetRoot, [], cancellationToken).ConfigureAwait(false) as RemoteRef
                ?? throw new RpcException(RpcStatusCode.Internal, $"the rpyc server at {where} answered GETROOT without an object");
            return new ClientSession(connection, root, ours);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// <c>root.service.method(*args)</c> as one CALLATTR; returns the reply as received (a value, or a reference the
    /// caller releases). <paramref name="stream"/> is the request stream lent to the server, if the method takes one.
    /// </summary>
    public async Task<object?> CallAsync(RpcMethod method, object?[] args, ClientStream? stream, CancellationToken cancellationToken)
    {
        var service = await ServiceAsync(method.Service, cancellationToken).ConfigureAwait(false);
        var pyArgs = new object?[method.DeclaredParameters.Count];
        for (int i = 0, j = 0; i < pyArgs.Length; i++)
        {
            pyArgs[i] = method.DeclaredParameters[i].IsStream ? stream : PyValues.ToPython(args[j++], byValue: true);
        }

        return await RequestAsync(RpycConsts.HandleCallAttr, [service, method.Name, pyArgs, Array.Empty<object?>()], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A request that, when cancelled, tells our server to cancel it too (RPCLAB_CANCEL).</summary>
    public Task<object?> RequestAsync(int handler, object?[] args, CancellationToken cancellationToken) =>
        Connection.RequestAsync(handler, args, cancellationToken, PeerIsRpcLab ? seq => Connection.SendNoWait(RpycConsts.HandleRpcLabCancel, [seq]) : null);

    private async Task<object?> ServiceAsync(string name, CancellationToken cancellationToken)
    {
        Task<object?> lookup;
        lock (_services)
        {
            if (!_services.TryGetValue(name, out lookup!) || lookup.IsFaulted || lookup.IsCanceled)
            {
                lookup = Connection.RequestAsync(RpycConsts.HandleGetAttr, [Root, name], Connection.Closing);
                _services[name] = lookup;
            }
        }

        return await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
