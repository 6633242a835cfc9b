namespace RpcLab.Transports.Hosting;

/// <summary>
/// A transport that can also call a method by the name its own protocol gives it, with requests and responses as JSON
/// (gRPC: <c>rpclab.echo.Echo/Reverse</c>, as grpcurl does): methods that are in a .proto and a server adapter but in no
/// C# contract yet, and the original course projects' contracts. <c>rpclab call</c> asks this of the transport instead of
/// knowing which one it is. Implementations are stateless and thread-safe.
/// </summary>
public interface INativeMethodCaller : IRpcTransport
{
    /// <summary>What such a name looks like, for messages: "a gRPC method name (package.Service/Method)".</summary>
    string NativeNameForm { get; }

    /// <summary>One call written that way, for help texts: <c>rpclab.echo.Echo/Reverse '{"message": "hi"}'</c>.</summary>
    string NativeNameExample { get; }

    /// <summary>True when <paramref name="name"/> is in this protocol's form (whether or not such a method exists).</summary>
    bool IsNativeName(string name);

    /// <summary>
    /// Connects with <paramref name="options"/> (its <see cref="ClientOptions.DefaultCall"/> timeout is the deadline), makes
    /// the call and yields each response message as one line of JSON. Each of <paramref name="requests"/> is one request
    /// message in JSON; a method that takes a request stream gets them all as its stream.
    /// </summary>
    /// <exception cref="ArgumentException">No such method, or a request that does not fit it; the message says which and how to write one.</exception>
    IAsyncEnumerable<string> CallByNativeNameAsync(ClientOptions options, string name, IReadOnlyList<string> requests, CancellationToken cancellationToken = default);
}
