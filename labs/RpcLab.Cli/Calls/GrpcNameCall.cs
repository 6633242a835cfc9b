using Google.Protobuf;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Calls;

/// <summary>
/// <c>rpclab call package.Service/Method '{json}' ... --transport grpc</c>: a call by the method's gRPC name with
/// requests in protobuf's JSON mapping (<see cref="MethodsByName"/>), for methods that are in a .proto and a server
/// adapter but in no C# contract yet, and for the original course projects' contracts. Stateless and thread-safe.
/// </summary>
public static class GrpcNameCall
{
    public static async Task RunAsync(IRpcClient client, string name, IReadOnlyList<string> requests, CallOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (client is not GrpcClient grpc)
        {
            throw new UsageException($"'{name}' is a gRPC method name (package.Service/Method); call it with --transport grpc, or use the service.method name (see: rpclab serve --list)");
        }

        var method = MethodsByName.Find(name)
            ?? throw new UsageException($"no method '{name}' in the compiled protos; the services are {string.Join(", ", MethodsByName.Services.Select(s => s.FullName))} (method names as the .proto spells them)");
        var deadline = options.Timeout is { } timeout ? DateTime.UtcNow + timeout : (DateTime?)null;
        IAsyncEnumerable<string> responses;
        try
        {
            responses = MethodsByName.CallAsync(grpc.CallInvoker, method, requests, new Grpc.Core.CallOptions(deadline: deadline), cancellationToken);
            await foreach (var json in responses.ConfigureAwait(false))
            {
                await output.WriteLineAsync(json).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidJsonException or InvalidProtocolBufferException or ArgumentException)
        {
            throw new UsageException($"{name} takes {method.InputType.FullName} as JSON, e.g. '{{\"{method.InputType.Fields.InDeclarationOrder().FirstOrDefault()?.JsonName ?? "field"}\": ...}}' ({e.Message})");
        }
    }
}
