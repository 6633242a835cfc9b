using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Server;

/// <summary>What a server serves: the procedure a request names, or why there is none. Implementations are thread-safe.</summary>
public interface IProcedureTable
{
    /// <summary>
    /// The procedure for <paramref name="service"/>.<paramref name="rpc"/> taking <paramref name="argTypes"/> (and
    /// giving <paramref name="returnTypes"/> when the request declares them), for the client named
    /// <paramref name="client"/> (null when the request names none). Throws <see cref="RawCallException"/>:
    /// Service Not Found, Client Not Registered, RPC Not Found or Invalid Arguments, checked in that order.
    /// </summary>
    RawProcedure Find(string service, string rpc, IReadOnlyList<string> argTypes, IReadOnlyList<string>? returnTypes, string? client);
}
