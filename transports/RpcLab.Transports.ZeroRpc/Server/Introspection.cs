using MessagePack;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Transports.ZeroRpc.Server;

/// <summary>
/// The methods every zerorpc server answers about itself, as zerorpc-python shapes their results:
/// <c>_zerorpc_list</c> (the method names), <c>_zerorpc_name</c>, <c>_zerorpc_ping</c> (<c>["pong", name]</c>),
/// <c>_zerorpc_help m</c> (a signature line), <c>_zerorpc_args m</c> (Python's argspec:
/// <c>[names, nil, nil, defaults]</c>) and <c>_zerorpc_inspect</c> (<c>{name, methods: {m: {args: [{name[, default]}], doc}}}</c>).
/// All derived from <see cref="ServiceCatalog"/>. Stateless and thread-safe.
/// </summary>
internal static class Introspection
{
    public const string Prefix = "_zerorpc_";

    public static bool Handles(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The reply to <paramref name="request"/>: OK with the answer, or ERR (NameError for an unknown name or method).</summary>
    public static byte[] Answer(string serverName, ZeroRpcEvent request, byte[] replyId)
    {
        try
        {
            return request.Name switch
            {
                "_zerorpc_list" => Ok(request, replyId, ServiceCatalog.Methods, static (ref MessagePackWriter w, IReadOnlyList<RpcMethod> methods) =>
                {
                    w.WriteArrayHeader(methods.Count);
                    foreach (var m in methods)
                    {
                        w.Write(m.FullName);
                    }
                }),
                "_zerorpc_name" => Ok(request, replyId, serverName, static (ref MessagePackWriter w, string name) => w.Write(name)),
                "_zerorpc_ping" => Ok(request, replyId, serverName, static (ref MessagePackWriter w, string name) =>
                {
                    w.WriteArrayHeader(2);
                    w.Write("pong");
                    w.Write(name);
                }),
                "_zerorpc_help" => Ok(request, replyId, MethodArgument(request), static (ref MessagePackWriter w, RpcMethod m) => w.Write(Doc(m))),
                "_zerorpc_args" => Ok(request, replyId, MethodArgument(request), WriteArgSpec),
                "_zerorpc_inspect" => Ok(request, replyId, serverName, WriteInspect),
                _ => throw new RpcException(RpcStatusCode.Unimplemented, $"unknown method '{request.Name}'"),
            };
        }
        catch (RpcException e)
        {
            var name = e.Status == RpcStatusCode.Unimplemented ? EventNames.NameError : ErrorNames.For(e.Status);
            return EventWriter.Error(replyId, request.MessageId, name, e.Detail);
        }
    }

    /// <summary>"echo.repeat(message: str, count: int, intervalMs: int = 0) -> stream of str", the help text of a method.</summary>
    public static string Doc(RpcMethod method)
    {
        var parameters = method.Parameters.Select(p => $"{p.Name}: {WireTypes.Name(p.Type)}" + (p.IsOptional ? $" = {p.DefaultValue}" : ""));
        if (method.RequestItemType is { } item)
        {
            parameters = parameters.Append($"request stream of {WireTypes.Name(item)} (RpcLab extension)");
        }

        var result = method.ResultType is null ? "nil" : WireTypes.Name(method.ResultType);
        return $"{method.FullName}({string.Join(", ", parameters)}) -> {(method.StreamsResult ? $"stream of {result}" : result)}";
    }

    private static byte[] Ok<TState>(ZeroRpcEvent request, byte[] replyId, TState state, EventWriter.ArgsWriter<TState> write) =>
        EventWriter.Write(replyId, request.MessageId, EventNames.Ok, (state, write), static (ref MessagePackWriter w, (TState State, EventWriter.ArgsWriter<TState> Write) s) =>
        {
            w.WriteArrayHeader(1);
            s.Write(ref w, s.State);
        });

    private static RpcMethod MethodArgument(ZeroRpcEvent request)
    {
        var name = EventArgsReader.SingleString(request.Args);
        return name is null
            ? throw RpcException.InvalidArgument($"{request.Name} takes one argument, a method name (str)")
            : ServiceCatalog.Find(name) ?? throw new RpcException(RpcStatusCode.Unimplemented, $"unknown method '{name}'");
    }

    private static void WriteArgSpec(ref MessagePackWriter w, RpcMethod method)
    {
        // Python's ArgSpec(args, varargs, keywords, defaults): the defaults belong to the last parameters.
        var defaults = method.Parameters.SkipWhile(p => !p.IsOptional).ToList();
        w.WriteArrayHeader(4);
        w.WriteArrayHeader(method.Parameters.Count);
        foreach (var p in method.Parameters)
        {
            w.Write(p.Name);
        }

        w.WriteNil();
        w.WriteNil();
        if (defaults.Count == 0)
        {
            w.WriteNil();
            return;
        }

        w.WriteArrayHeader(defaults.Count);
        foreach (var p in defaults)
        {
            WireSerializer.Write(ref w, p.Type, p.DefaultValue);
        }
    }

    private static void WriteInspect(ref MessagePackWriter w, string serverName)
    {
        w.WriteMapHeader(2);
        w.Write("name");
        w.Write(serverName);
        w.Write("methods");
        w.WriteMapHeader(ServiceCatalog.Methods.Count);
        foreach (var method in ServiceCatalog.Methods)
        {
            w.Write(method.FullName);
            w.WriteMapHeader(2);
            w.Write("args");
            w.WriteArrayHeader(method.Parameters.Count);
            foreach (var p in method.Parameters)
            {
                w.WriteMapHeader(p.IsOptional ? 2 : 1);
                w.Write("name");
                w.Write(p.Name);
                if (p.IsOptional)
                {
                    w.Write("default");
                    WireSerializer.Write(ref w, p.Type, p.DefaultValue);
                }
            }

            w.Write("doc");
            w.Write(Doc(method));
        }
    }
}
