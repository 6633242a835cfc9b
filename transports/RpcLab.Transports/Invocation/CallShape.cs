namespace RpcLab.Transports.Invocation;

/// <summary>The four shapes of an RPC, told apart by the contract's signature.</summary>
public enum CallShape
{
    /// <summary><c>Task</c> or <c>Task&lt;T&gt;</c>, no stream argument.</summary>
    Unary,

    /// <summary>An <c>IAsyncEnumerable&lt;T&gt;</c> argument, a <c>Task&lt;T&gt;</c> result.</summary>
    ClientStreaming,

    /// <summary>No stream argument, an <c>IAsyncEnumerable&lt;T&gt;</c> result.</summary>
    ServerStreaming,

    /// <summary>A stream in and a stream out.</summary>
    DuplexStreaming,
}
