namespace RpcLab.Transports.Hosting;

/// <summary>
/// A transport that can serve one of an original course project's contracts in place of RpcLab's services (the rpyc
/// transport: the RPyC project's file and computation services), each on its original port, so the project's
/// unchanged clients work. <c>rpclab serve --original NAME</c> asks for one without naming the transport in code.
/// </summary>
public interface IServesOriginals
{
    /// <summary>The contracts it can serve, by the name <c>--original</c> takes, with what each is.</summary>
    IReadOnlyDictionary<string, string> Originals { get; }

    /// <summary>The same transport serving <paramref name="name"/> (its <see cref="IRpcTransport.DefaultPort"/> the original's port).</summary>
    IRpcTransport ServingOriginal(string name);
}
