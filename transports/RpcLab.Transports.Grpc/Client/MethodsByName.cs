using System.Reflection;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// Calls any method of the protos compiled into this assembly by its gRPC name (<c>rpclab.echo.Echo/Reverse</c>),
/// with requests and responses in protobuf's JSON mapping: what grpcurl does, here with the descriptors Grpc.Tools
/// generated. A method added to a .proto and implemented in its server adapter can be called this way before any
/// C# contract knows it. Thread-safe.
/// </summary>
public static class MethodsByName
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>Every service of the compiled protos, found through the generated <c>*Reflection.Descriptor</c> classes.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } = typeof(MethodsByName).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .SelectMany(p => ((FileDescriptor)p!.GetValue(null)!).Services)
        .OrderBy(s => s.FullName, StringComparer.Ordinal)
        .ToArray();

    /// <summary>True for a name in gRPC's form, <c>package.Service/Method</c> (a leading '/' allowed).</summary>
    public static bool IsGrpcName(string name) => name.Contains('/', StringComparison.Ordinal);

    /// <summary>The method called <paramref name="name"/> (<c>package.Service/Method</c>, case as in the .proto), or null.</summary>
    public static MethodDescriptor? Find(string name)
    {
        var parts = name.TrimStart('/').Split('/');
        return parts.Length == 2
            ? Services.FirstOrDefault(s => s.FullName == parts[0])?.FindMethodByName(parts[1])
            : null;
    }

    /// <summary>
    /// Makes the call: each of <paramref name="requests"/> is one request message in JSON (a unary or server-streaming
    /// method takes exactly one; a client-streaming or duplex method sends them all as its stream), and each response
    /// message comes back as one line of JSON, default values included.
    /// </summary>
    /// <exception cref="InvalidJsonException">A request is not JSON.</exception>
    /// <exception cref="InvalidProtocolBufferException">A request does not fit the method's request message.</exception>
    public static async IAsyncEnumerable<string> CallAsync(CallInvoker invoker, MethodDescriptor method, IReadOnlyList<string> requests, CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requests);
        var messages = requests.Select(json => JsonParser.Default.Parse(json, method.InputType)).ToList();
        if (!method.IsClientStreaming && messages.Count != 1)
        {
            throw new ArgumentException($"{method.Service.FullName}/{method.Name} takes one request message, given {messages.Count}", nameof(requests));
        }

        var definition = Definition(method);
        options = options.WithCancellationToken(cancellationToken);
        switch (definition.Type)
        {
            case MethodType.Unary:
                yield return Formatter.Format(await invoker.AsyncUnaryCall(definition, null, options, messages[0]).ResponseAsync.ConfigureAwait(false));
                break;
            case MethodType.ClientStreaming:
                using (var call = invoker.AsyncClientStreamingCall(definition, null, options))
                {
                    foreach (var message in messages)
                    {
                        await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                    }

                    await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                    yield return Formatter.Format(await call.ResponseAsync.ConfigureAwait(false));
                }

                break;
            case MethodType.ServerStreaming:
                using (var call = invoker.AsyncServerStreamingCall(definition, null, options, messages[0]))
                {
                    await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield return Formatter.Format(response);
                    }
                }

                break;
            default:
                using (var call = invoker.AsyncDuplexStreamingCall(definition, null, options))
                {
                    foreach (var message in messages)
                    {
                        await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                    }

                    await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                    await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield return Formatter.Format(response);
                    }
                }

                break;
        }
    }

    /// <summary>The call's definition as the generated client would build it, its messages read and written by the descriptors' parsers.</summary>
    private static Method<IMessage, IMessage> Definition(MethodDescriptor method) => new(
        (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        },
        method.Service.FullName,
        method.Name,
        Marshallers.Create<IMessage>(m => m.ToByteArray(), method.InputType.Parser.ParseFrom),
        Marshallers.Create<IMessage>(m => m.ToByteArray(), method.OutputType.Parser.ParseFrom));
}
