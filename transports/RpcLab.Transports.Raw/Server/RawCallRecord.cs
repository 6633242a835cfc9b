using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Server;

/// <summary>One finished call as the server saw it: who (peer, the client name it presented), what, and how it ended (null <see cref="Failure"/> = success).</summary>
public sealed record RawCallRecord(string Peer, string? Client, string Service, string Rpc, IReadOnlyList<string> ArgTypes, RawCallException? Failure, TimeSpan Elapsed)
{
    /// <summary>True for the refusals the original log called unauthorized attempts.</summary>
    public bool Unauthorized => Failure?.Type is RawExceptionType.ClientNotRegistered or RawExceptionType.NotAuthorized;
}
