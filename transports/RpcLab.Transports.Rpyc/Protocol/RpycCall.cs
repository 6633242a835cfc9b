namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>What a request handler on one of our objects may use: the connection it came on, and the request's token (cancelled by RPCLAB_CANCEL or when the connection closes).</summary>
internal readonly record struct RpycCall(RpycConnection Connection, CancellationToken CancellationToken);
