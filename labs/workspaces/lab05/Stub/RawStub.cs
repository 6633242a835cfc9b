using System.Net.Sockets;
using System.Reflection;

namespace Lab5.Stub;

/// <summary>The client stub: a DispatchProxy that turns each call of the interface into a request on one connection.</summary>
public class RawStub : DispatchProxy
{
    private Socket _socket = null!;
    private string _service = string.Empty;

    /// <summary>A stub of <typeparamref name="T"/> (its [RawService] names the service) talking to 127.0.0.1:<paramref name="port"/>.</summary>
    public static T Create<T>(int port)
        where T : class
    {
        var proxy = Create<T, RawStub>();
        var stub = (RawStub)(object)proxy;
        stub._socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        stub._socket.Connect("127.0.0.1", port);
        stub._service = typeof(T).GetCustomAttribute<RawServiceAttribute>()!.Name;
        return proxy;
    }

    /// <summary>Every call of the interface lands here: the method and its arguments.</summary>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        // TODO 6: build the request {"header":"request","value":{"id":..,"service":_service,"rpc":the method's name in
        // lower case,"args":[..],"argTypes":[..]}} (int -> "int", string -> "str", double -> "float"), send it with
        // Framing.WriteFrameAsync on _socket, read the reply with Framing.ReadFrameAsync, throw for an "exception"
        // reply, and return value.returns[0] as the method's return type (JsonElement.Deserialize(targetMethod.ReturnType)).
        throw new NotImplementedException($"TODO 6: RawStub.Invoke ({_service}.{targetMethod?.Name})");
    }
}
