namespace RpcLab.Transports.Hosting;

/// <summary>
/// What <c>rpclab serve --list</c> adds under the method table for one transport: the methods as they look on its wire
/// (JSON-RPC's parameter names and enumerator tokens, and the specification's example methods). Immutable.
/// </summary>
/// <param name="Heading">One line that says what follows.</param>
/// <param name="Lines">One line per method.</param>
public sealed record WireListing(string Heading, IReadOnlyList<string> Lines);
