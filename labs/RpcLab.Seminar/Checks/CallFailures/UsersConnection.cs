using System.Globalization;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Lab3;

namespace RpcLab.Seminar.Checks.CallFailures;

/// <summary>
/// One check's way to the student's users server, both halves: a Grpc.Net.Client channel with the stub generated from
/// the workspace's own lab3.proto, and an HttpClient on the REST port. Every call has a deadline, so a server that never
/// answers fails the check instead of hanging it, and every call is counted in the <see cref="CheckContext"/>. One per
/// check; not thread-safe.
/// </summary>
public sealed class UsersConnection : IDisposable
{
    /// <summary>The deadline of each call: generous, for a first call that JIT-compiles the student's server.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private readonly GrpcChannel _channel;
    private readonly HttpClient _http;
    private readonly CheckContext _context;

    private UsersConnection(CheckContext context, int restPort)
    {
        _context = context;
        var host = context.Host.Contains(':', StringComparison.Ordinal) ? $"[{context.Host}]" : context.Host;
        _channel = GrpcChannel.ForAddress(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{context.Port}"));
        _http = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{restPort}")), Timeout = CallTimeout };
        Grpc = new Users.UsersClient(_channel);
    }

    /// <summary>The gRPC stub of the users service.</summary>
    internal Users.UsersClient Grpc { get; }

    /// <summary>A connection to the server of <paramref name="context"/>; a clear failure when no REST port was given.</summary>
    public static UsersConnection Open(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rest = context.RestPort ?? throw new CheckFailedException(
            "these checks call your server over gRPC and over REST, so it needs two ports: run them with --server \"dotnet run --project ~/lab3/Server -- {port} {rest-port}\" (or, for a server already running, --port GRPC --rest-port REST)");
        return new UsersConnection(context, rest);
    }

    /// <summary>Options with the check's deadline and <paramref name="cancellationToken"/>.</summary>
    public static CallOptions Options(CancellationToken cancellationToken) => new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);

    /// <summary>Counts a call the check made on <see cref="Grpc"/> by itself.</summary>
    public void CountCall() => _context.CountCall();

    /// <summary>Runs a gRPC call; its reply, or the RpcException the server answered with.</summary>
    internal async Task<(T? Reply, RpcException? Error)> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        _context.CountCall();
        try
        {
            using var pending = call(Options(cancellationToken));
            return (await pending.ResponseAsync.ConfigureAwait(false), null);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, e);
        }
    }

    /// <summary>Calls a method of the service that no lab has, with an empty message; the server's status.</summary>
    public async Task<RpcException?> CallUnknownAsync(string method, CancellationToken cancellationToken)
    {
        _context.CountCall();
        var unknown = new Method<byte[], byte[]>(MethodType.Unary, Users.Descriptor.FullName, method, Raw, Raw);
        try
        {
            await _channel.CreateCallInvoker().AsyncUnaryCall(unknown, null, Options(cancellationToken), []).ConfigureAwait(false);
            return null;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return e;
        }
    }

    /// <summary>Sends a REST request (a JSON body when <paramref name="json"/> is given); the status and body, whatever they are.</summary>
    public async Task<RestReply> RestAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            _context.CountCall(Encoding.UTF8.GetByteCount(json ?? string.Empty) + Encoding.UTF8.GetByteCount(body));
            return new RestReply(response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            throw new CheckFailedException($"{method} {path} over REST failed before an answer ({e.Message}): does your server serve REST (HTTP/1.1) on the port given by {{rest-port}}?", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CheckFailedException($"{method} {path} over REST had no answer within {CallTimeout.TotalSeconds:0} s", e);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _channel.Dispose();
    }
}
