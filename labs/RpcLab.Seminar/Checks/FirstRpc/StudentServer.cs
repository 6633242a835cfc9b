using Grpc.Core;
using Grpc.Net.Client;

namespace RpcLab.Seminar.Checks.FirstRpc;

/// <summary>
/// One check's connection to the student's server: a Grpc.Net.Client channel, the service found by reflection, and
/// calls by method name with a byte[] marshaller (the messages are written and read by <see cref="ProtoField"/>),
/// each with a deadline so a server that never answers fails the check instead of hanging it. Counts every call and
/// its payload bytes in the <see cref="CheckContext"/>. One per check; not thread-safe.
/// </summary>
public sealed class StudentServer : IDisposable
{
    /// <summary>The deadline of each call: generous, for a first call that JIT-compiles the student's server.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private readonly GrpcChannel _channel;
    private readonly CheckContext _context;

    private StudentServer(GrpcChannel channel, CheckContext context, ReflectedService service)
    {
        _channel = channel;
        _context = context;
        Service = service;
    }

    public ReflectedService Service { get; }

    public CallInvoker Invoker => _channel.CreateCallInvoker();

    /// <summary>Connects to the server of <paramref name="context"/> and finds its service through reflection.</summary>
    public static async Task<StudentServer> ConnectAsync(CheckContext context, string expectedService, IReadOnlyCollection<string> expectedMethods, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.Host.Contains(':', StringComparison.Ordinal) ? $"[{context.Host}]" : context.Host;
        var channel = GrpcChannel.ForAddress($"http://{host}:{context.Port}");
        try
        {
            var service = await ReflectedService.LoadAsync(channel.CreateCallInvoker(), context, expectedService, expectedMethods, CallTimeout, cancellationToken).ConfigureAwait(false);
            return new StudentServer(channel, context, service);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>The method <paramref name="name"/> of the student's service, as a call of <paramref name="type"/> on raw bytes.</summary>
    public Method<byte[], byte[]> Method(string name, MethodType type) => new(type, Service.FullName, name, Raw, Raw);

    /// <summary>Options with the check's deadline and <paramref name="cancellationToken"/>.</summary>
    public static CallOptions Options(CancellationToken cancellationToken) => new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);

    /// <summary>Counts one call and the payload bytes it carried, for the run's summary line.</summary>
    public void Count(IEnumerable<byte[]> sent, IEnumerable<byte[]> received) =>
        _context.CountCall(sent.Sum(m => (long)m.Length) + received.Sum(m => (long)m.Length));

    /// <summary>
    /// The next reply of <paramref name="replies"/>, or null at the end of the stream; when none arrives within
    /// <paramref name="timeout"/> the check fails with <paramref name="noReply"/>. The wait is not cancelled (that
    /// would cancel the call): disposing the call ends it.
    /// </summary>
    public static async Task<byte[]?> NextAsync(IAsyncStreamReader<byte[]> replies, TimeSpan timeout, string noReply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var next = replies.MoveNext(CancellationToken.None);
        if (await Task.WhenAny(next, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false) != next)
        {
            // Observed later by nobody: the call's disposal faults it.
            _ = next.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            throw new CheckFailedException(noReply);
        }

        return await next.ConfigureAwait(false) ? replies.Current : null;
    }

    /// <summary>
    /// The reason a call of a sheet's method failed, naming it: UNIMPLEMENTED says whether the method is missing from
    /// the .proto or only from the service class; any other status is shown as it came.
    /// </summary>
    public string Explain(ExpectedMethod method, RpcException error)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(error);
        var detail = string.IsNullOrEmpty(error.Status.Detail) ? string.Empty : $" ({error.Status.Detail})";
        // A service whose rpcs are all TODOs has no route of its own: grpc-dotnet answers such a path with HTTP 404 or
        // 500, which the client reports as Unknown ("Bad gRPC response"); to the student it is the same missing method.
        var declared = Service.FindMethod(method.Name) is not null;
        var notRouted = !declared && error.StatusCode == StatusCode.Unknown && error.Status.Detail.Contains("Bad gRPC response", StringComparison.Ordinal);
        if (error.StatusCode != StatusCode.Unimplemented && !notRouted)
        {
            return $"{method.Name}: {error.StatusCode}{detail}";
        }

        return declared
            ? $"{method.Name}: Unimplemented: {method.Name} is in your .proto, but your service does not override it{detail}"
            : $"{method.Name}: Unimplemented: {Service.FullName} has no method {method.Name}; add `{method.RpcLine}` to protos/lab1.proto and override it in your service{(notRouted ? detail : string.Empty)}";
    }

    public void Dispose() => _channel.Dispose();
}
