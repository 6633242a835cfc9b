using Google.Protobuf;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// A call by the method's gRPC name (<c>rpclab.echo.Echo/Reverse</c>) with requests in protobuf's JSON mapping
/// (<see cref="MethodsByName"/>), over whichever invoker a client of the gRPC or REST transport has: the one
/// <see cref="INativeMethodCaller"/> both transports offer. Stateless and thread-safe.
/// </summary>
internal static class GrpcNameCall
{
    public const string NameForm = "a gRPC method name (package.Service/Method)";

    public const string Example = """rpclab.echo.Echo/Reverse '{"message": "hi"}'""";

    public static async IAsyncEnumerable<string> CallAsync(
        Func<ClientOptions, GrpcClient> connect,
        ClientOptions options,
        string name,
        IReadOnlyList<string> requests,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var method = MethodsByName.Find(name)
            ?? throw new ArgumentException($"no method '{name}' in the compiled protos; the services are {string.Join(", ", MethodsByName.Services.Select(s => s.FullName))} (method names as the .proto spells them)");
        await using var client = connect(options);
        var deadline = options.DefaultCall.Timeout is { } timeout ? DateTime.UtcNow + timeout : (DateTime?)null;
        await using var responses = MethodsByName.CallAsync(client.CallInvoker, method, requests, new global::Grpc.Core.CallOptions(deadline: deadline), cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await responses.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (Exception e) when (e is InvalidJsonException or InvalidProtocolBufferException or ArgumentException)
            {
                throw new ArgumentException($"{name} takes {method.InputType.FullName} as JSON, e.g. '{{\"{method.InputType.Fields.InDeclarationOrder().FirstOrDefault()?.JsonName ?? "field"}\": ...}}' ({e.Message})", e);
            }

            yield return responses.Current;
        }
    }
}
