namespace RpcLab.Transports.Raw.Protocol;

/// <summary>
/// The <c>type</c> of an exception message. The first five are the original course project's; the others are
/// what a transport of the lab must also be able to say. <see cref="RawExceptionTypes"/> has their wire names
/// and the status each carries by default.
/// </summary>
public enum RawExceptionType
{
    /// <summary>The procedure ran and failed (threw, or ran past its time limit); the message says how.</summary>
    ExecutionException,

    /// <summary>No signature of the rpc takes the declared argument types, or a value is not of its declared type; the message lists the valid signatures.</summary>
    InvalidArguments,

    /// <summary>This server does not provide that service.</summary>
    ServiceNotFound,

    /// <summary>The service has no rpc of that name.</summary>
    RpcNotFound,

    /// <summary>The client named in the request is not a tenant of the service.</summary>
    ClientNotRegistered,

    /// <summary>The initializer's token is wrong: shipping code needs the cluster's shared token.</summary>
    NotAuthorized,

    /// <summary>A message over the size limit.</summary>
    MessageTooLarge,

    /// <summary>A message that is not valid for the protocol (invalid JSON, unknown header, missing field).</summary>
    ProtocolError,

    /// <summary>The deadline the request gave (timeoutMs) passed on the server.</summary>
    DeadlineExceeded,

    /// <summary>The server ended the call itself (it is shutting down).</summary>
    Cancelled,
}
