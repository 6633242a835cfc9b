using System.Runtime.CompilerServices;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using RpcLab.Seminar.Checks.FirstRpc;

namespace RpcLab.Seminar.Checks.OneContract;

/// <summary>
/// Lab 2's contract over gRPC: <c>/lab2.Shapes/&lt;Method&gt;</c> on a Grpc.Net.Client channel, the messages written and
/// read field by field (<see cref="ProtoField"/>, the numbers of the workspace's lab2.proto), each call with a deadline
/// so a silent server fails the check instead of hanging it. Counts calls and payload bytes in the context.
/// </summary>
public sealed class GrpcShapesClient(CheckContext context) : IShapesClient
{
    /// <summary>The service of the workspace's lab2.proto.</summary>
    public const string ServiceName = "lab2.Shapes";

    private static readonly TimeSpan CallTimeout = FirstRpc.StudentServer.CallTimeout;
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);
    private static readonly ProtoField Text = new("text", 1, FieldType.String);
    private static readonly ProtoField Value = new("value", 1, FieldType.Int32);
    private static readonly ProtoField N = new("n", 1, FieldType.Int32);
    private static readonly ProtoField Word = new("word", 1, FieldType.String);
    private static readonly ProtoField Number = new("number", 1, FieldType.Int64);
    private static readonly ProtoField Total = new("total", 1, FieldType.Int64);
    private static readonly ProtoField Ms = new("ms", 1, FieldType.Int32);
    private static readonly ProtoField Started = new("started", 1, FieldType.Int32);
    private static readonly ProtoField Cancelled = new("cancelled", 2, FieldType.Int32);

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://{(context.Host.Contains(':', StringComparison.Ordinal) ? $"[{context.Host}]" : context.Host)}:{context.Port}");

    public string UnknownMethodAnswer => nameof(StatusCode.Unimplemented);

    private CallInvoker Invoker => _channel.CreateCallInvoker();

    public async Task<string> UpperAsync(string text, CancellationToken cancellationToken) =>
        (string)Text.Decode(await UnaryAsync("Upper", Text.Encode(text), cancellationToken).ConfigureAwait(false));

    public async IAsyncEnumerable<int> CountdownAsync(int n, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = N.Encode(n);
        using var call = Invoker.AsyncServerStreamingCall(Method("Countdown", MethodType.ServerStreaming), null, Options(cancellationToken), request);
        context.CountCall(request.Length);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            context.CountCall(call.ResponseStream.Current.Length);
            yield return (int)(long)Value.Decode(call.ResponseStream.Current);
        }
    }

    public async Task<string> LongestAsync(IAsyncEnumerable<string> words, CancellationToken cancellationToken)
    {
        using var call = Invoker.AsyncClientStreamingCall(Method("Longest", MethodType.ClientStreaming), null, Options(cancellationToken));
        await foreach (var word in words.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var message = Word.Encode(word);
            await FirstRpc.StudentServer.WriteAsync(() => call.RequestStream.WriteAsync(message, cancellationToken), () => call.ResponseAsync, cancellationToken).ConfigureAwait(false);
            context.CountCall(message.Length);
        }

        await FirstRpc.StudentServer.WriteAsync(call.RequestStream.CompleteAsync, () => call.ResponseAsync, cancellationToken).ConfigureAwait(false);
        var reply = await call.ResponseAsync.ConfigureAwait(false);
        context.CountCall(reply.Length);
        return (string)Word.Decode(reply);
    }

    public async IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = Invoker.AsyncDuplexStreamingCall(Method("RunningTotal", MethodType.DuplexStreaming), null, Options(cancellationToken));

        // The numbers are written as the check lets them go, while the replies are read here.
        var writer = Task.Run(
            async () =>
            {
                await foreach (var number in numbers.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    var message = Number.Encode(number);
                    await FirstRpc.StudentServer.WriteAsync(() => call.RequestStream.WriteAsync(message, cancellationToken), () => FirstRpc.StudentServer.DrainAsync(call.ResponseStream), cancellationToken).ConfigureAwait(false);
                    context.CountCall(message.Length);
                }

                await FirstRpc.StudentServer.WriteAsync(call.RequestStream.CompleteAsync, () => FirstRpc.StudentServer.DrainAsync(call.ResponseStream), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            context.CountCall(call.ResponseStream.Current.Length);
            yield return (long)Total.Decode(call.ResponseStream.Current);
        }

        await writer.ConfigureAwait(false);
    }

    public async Task HoldAsync(int ms, CancellationToken cancellationToken) =>
        await UnaryAsync("Hold", Ms.Encode(ms), cancellationToken, TimeSpan.FromMilliseconds(ms) + CallTimeout).ConfigureAwait(false);

    public async Task<(int Started, int Cancelled)> HoldsAsync(CancellationToken cancellationToken)
    {
        var reply = await UnaryAsync("Holds", [], cancellationToken).ConfigureAwait(false);
        return ((int)(long)Started.Decode(reply), (int)(long)Cancelled.Decode(reply));
    }

    public async Task<(bool Right, string Answer)> CallUnknownMethodAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await UnaryAsync(name, [], cancellationToken).ConfigureAwait(false);
            return (false, "OK");
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (e.StatusCode == StatusCode.Unimplemented, Status(e));
        }
    }

    public string? Explain(Exception error) => error is RpcException e
        ? Status(e) + e.StatusCode switch
        {
            StatusCode.Unimplemented => ": GrpcShapes does not override it",
            StatusCode.Unknown => ": your method threw an exception (the server's terminal shows it)",
            _ => string.Empty,
        }
        : null;

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Status(RpcException e) => $"{e.StatusCode}{(string.IsNullOrEmpty(e.Status.Detail) ? string.Empty : $" ({e.Status.Detail})")}";

    private static Method<byte[], byte[]> Method(string name, MethodType type) => new(type, ServiceName, name, Raw, Raw);

    private static CallOptions Options(CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        new(deadline: DateTime.UtcNow + (timeout ?? CallTimeout), cancellationToken: cancellationToken);

    private async Task<byte[]> UnaryAsync(string name, byte[] request, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var reply = await Invoker.AsyncUnaryCall(Method(name, MethodType.Unary), null, Options(cancellationToken, timeout), request).ConfigureAwait(false);
        context.CountCall(request.Length + reply.Length);
        return reply;
    }
}
