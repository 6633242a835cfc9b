using RpcLab.Transports.Invocation;

namespace RpcLab.Cli.Calls;

/// <summary>
/// A call ready to be made: the method, its ordinary arguments converted to the parameter types, and
/// the request stream for client-streaming and duplex methods (null otherwise). Produce it with
/// <see cref="ArgumentConverter.Prepare"/>; the stream may read a local file, so enumerate it once.
/// </summary>
public sealed record PreparedCall(RpcMethod Method, object?[] Arguments, IAsyncEnumerable<object?>? RequestStream);
