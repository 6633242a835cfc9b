namespace RpcLab.Transports.Hosting;

/// <summary>What a transport may be unable to do natively (see <see cref="IRpcTransport.Gaps"/>); the conformance suite checks each.</summary>
public enum TransportCapability
{
    /// <summary>Refusing a message over the size limit with ResourceExhausted.</summary>
    MessageSizeLimit,

    /// <summary>A request stream (client streaming: Echo.Collect, Files.Upload).</summary>
    ClientStreaming,

    /// <summary>A request stream and a result stream at once (Echo.Chat).</summary>
    DuplexStreaming,

    /// <summary>
    /// Closing a connection whose peer takes longer than <see cref="ServerOptions.MessageTimeout"/> over one message (a
    /// trickle) or stays idle past <see cref="ServerOptions.IdleTimeout"/>.
    /// </summary>
    ConnectionTimeouts,
}
