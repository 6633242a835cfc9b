namespace RpcLab.Tests.Interop;

/// <summary>
/// A foreign implementation an interop test needs. Flags, so a test that needs two peers names both
/// (<c>[PeerFact(Peer.PythonGrpc | Peer.NodeGrpc)]</c>).
/// </summary>
[Flags]
public enum Peer
{
    None = 0,

    /// <summary>Debian's python3-grpcio (C core), with grpc_tools.protoc to compile the protos, run by /usr/bin/python3.</summary>
    PythonGrpc = 1,

    /// <summary>npm @grpc/grpc-js and @grpc/proto-loader in tests/peers/node, run by node.</summary>
    NodeGrpc = 2,

    /// <summary>npm vscode-jsonrpc in tests/peers/node, run by node.</summary>
    NodeJsonRpc = 4,

    /// <summary>Debian's python3-zmq and python3-msgpack, for our own zerorpc peer (tests/peers/python/zerorpc_*.py), run by /usr/bin/python3.</summary>
    PythonZeroRpc = 8,

    /// <summary>Debian's python3-rpyc (5.3), for the rpyc peers (tests/peers/python/rpyc_*.py, original_rpyc_client.py), run by /usr/bin/python3.</summary>
    PythonRpyc = 16,
}
