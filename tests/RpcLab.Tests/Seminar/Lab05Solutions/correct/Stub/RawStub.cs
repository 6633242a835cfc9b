using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lab5.Server;

namespace Lab5.Stub;

/// <summary>The client stub: a DispatchProxy that turns each call of the interface into a request on one connection.</summary>
public class RawStub : DispatchProxy
{
    private Socket _socket = null!;
    private string _service = string.Empty;
    private long _nextId;

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

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject
        {
            ["header"] = "request",
            ["value"] = new JsonObject
            {
                ["id"] = id,
                ["service"] = _service,
                ["rpc"] = method.Name.ToLowerInvariant(),
                ["args"] = JsonSerializer.SerializeToNode(args),
                ["argTypes"] = new JsonArray([.. method.GetParameters().Select(p => (JsonNode)RawTypeName(p.ParameterType))]),
            },
        };
        lock (_socket)
        {
            Framing.WriteFrameAsync(_socket, JsonSerializer.SerializeToUtf8Bytes(request), CancellationToken.None).GetAwaiter().GetResult();
            var reply = Framing.ReadFrameAsync(_socket, CancellationToken.None).GetAwaiter().GetResult() ?? throw new IOException("the server closed the connection");
            var value = JsonNode.Parse(reply)!["value"]!;
            if ((string?)JsonNode.Parse(reply)!["header"] == "exception")
            {
                throw new InvalidOperationException($"{value["type"]}: {value["message"]}");
            }

            return value["returns"]![0].Deserialize(method.ReturnType);
        }
    }

    private static string RawTypeName(Type type) => type == typeof(int) ? "int" : type == typeof(double) ? "float" : "str";
}
