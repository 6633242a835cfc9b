using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Invocation;
using GrpcException = Grpc.Core.RpcException;
using RetryOptions = RpcLab.Transports.Hosting.RetryOptions;

namespace RpcLab.Transports.Grpc.Rest;

/// <summary>
/// The REST client under the generated clients: a <see cref="CallInvoker"/> that makes each call the HTTP request
/// its method's google.api.http rule describes (read from the generated descriptors, so there is no second route
/// table), with the request message as protobuf JSON in the path, the query or the body, and reads the JSON reply.
/// The contract adapters of the gRPC client work on it unchanged. An error reply (gRPC JSON transcoding sends the
/// google.rpc.Status as JSON with an HTTP status) becomes the same gRPC status; client-streaming and bidirectional
/// methods have no REST mapping and fail with Unimplemented. With retries, a unary call goes through the same Polly
/// pipeline as the message-based transports' (<see cref="RetryPipeline"/>): there is no channel here to retry it. Thread-safe.
/// </summary>
internal sealed partial class RestCallInvoker(HttpClient http, RetryPipeline? retries) : CallInvoker
{
    /// <summary>Each catalogued method by its gRPC name, for the retry policy of its idempotency.</summary>
    private static readonly Dictionary<string, RpcMethod> ByGrpcName = ServiceCatalog.Methods
        .Select(m => (Method: m, Descriptor: GrpcRetryPolicy.Find(m)))
        .Where(m => m.Descriptor is not null)
        .ToDictionary(m => m.Descriptor!.FullName, m => m.Method, StringComparer.Ordinal);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The REST client's invoker, retrying as <paramref name="retry"/> says (never when it is null).</summary>
    public static RestCallInvoker Create(HttpClient http, RetryOptions? retry) =>
        new(http, retry is null ? null : new RetryPipeline(retry, StatusOf));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new Call(options);
        return new AsyncUnaryCall<TResponse>(UnaryAsync<TResponse>(method.FullName, (IMessage)request, call), Task.FromResult(new Metadata()), call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new Call(options);
        var reader = new Reader<TResponse>(StreamAsync<TResponse>(method.FullName, (IMessage)request, call).GetAsyncEnumerator(call.Token), call);
        return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var failed = Task.FromException<TResponse>(NoRestMapping(method.FullName, "client-streaming"));
        return new AsyncClientStreamingCall<TRequest, TResponse>(new RefusingWriter<TRequest>(failed), failed, Task.FromResult(new Metadata()), () => Status.DefaultCancelled, () => [], () => { });
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var failed = Task.FromException<TResponse>(NoRestMapping(method.FullName, "bidirectional"));
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(new RefusingWriter<TRequest>(failed), new Reader<TResponse>(Refuse<TResponse>(failed).GetAsyncEnumerator(), call: null), Task.FromResult(new Metadata()), () => Status.DefaultCancelled, () => [], () => { });
    }

    /// <summary>The status of a failed attempt: an error reply's, or Unavailable when the server could not be reached.</summary>
    private static RpcStatusCode? StatusOf(Exception exception) => exception switch
    {
        GrpcException e => (RpcStatusCode)(int)e.StatusCode,
        HttpRequestException => RpcStatusCode.Unavailable,
        _ => null,
    };

    private static GrpcException NoRestMapping(string method, string shape) =>
        new(new Status(StatusCode.Unimplemented, $"{method} is {shape}: gRPC JSON transcoding maps only unary and server-streaming methods to REST"));

    private static async IAsyncEnumerable<T> Refuse<T>(Task<T> failed)
    {
        yield return await failed.ConfigureAwait(false);
    }

    private async Task<TResponse> UnaryAsync<TResponse>(string fullName, IMessage request, Call call)
    {
        try
        {
            var method = Describe(fullName);
            async Task<TResponse> Once()
            {
                using var response = await SendAsync(method, request, call).ConfigureAwait(false);
                var json = await response.Content.ReadAsStringAsync(call.Token).ConfigureAwait(false);
                return (TResponse)Parser.Parse(json, method.OutputType);
            }

            return retries is not null && ByGrpcName.TryGetValue(method.FullName, out var contract)
                ? await retries.ExecuteAsync(contract, Once, call.Token).ConfigureAwait(false)
                : await Once().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GrpcException)
        {
            throw call.Translate(e);
        }
        finally
        {
            call.Dispose();
        }
    }

    private async IAsyncEnumerable<TResponse> StreamAsync<TResponse>(string fullName, IMessage request, Call call)
    {
        var method = Describe(fullName);
        using var response = await SendAsync(method, request, call).ConfigureAwait(false);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false), Encoding.UTF8);

        // Transcoding writes each message as one JSON object followed by a newline; a failure after some messages
        // comes as a google.rpc.Status object.
        while (await lines.ReadLineAsync(call.Token).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (TryReadStatus(line, out var status))
            {
                throw new GrpcException(status);
            }

            yield return (TResponse)Parser.Parse(line, method.OutputType);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(MethodDescriptor method, IMessage request, Call call)
    {
        using var message = Build(method, request);
        var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, call.Token).ConfigureAwait(false);

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(call.Token).ConfigureAwait(false);
            throw new GrpcException(TryReadStatus(body, out var status)
                ? status
                : new Status(FromHttp(response.StatusCode), $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {message.Method} {message.RequestUri?.AbsolutePath}"));
        }
    }

    /// <summary>The HTTP request of a call: verb and URL template from the rule, path variables and the body or query from the message.</summary>
    private static HttpRequestMessage Build(MethodDescriptor method, IMessage request)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)
            ?? throw new GrpcException(new Status(StatusCode.Unimplemented, $"{method.FullName} has no google.api.http rule, so it has no REST mapping"));
        var (verb, template) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => (HttpMethod.Get, rule.Get),
            HttpRule.PatternOneofCase.Put => (HttpMethod.Put, rule.Put),
            HttpRule.PatternOneofCase.Post => (HttpMethod.Post, rule.Post),
            HttpRule.PatternOneofCase.Delete => (HttpMethod.Delete, rule.Delete),
            HttpRule.PatternOneofCase.Patch => (HttpMethod.Patch, rule.Patch),
            _ => (new HttpMethod(rule.Custom.Kind), rule.Custom.Path),
        };

        var inPath = new HashSet<string>(StringComparer.Ordinal);
        var path = PathVariable().Replace(template, m =>
        {
            var field = method.InputType.FindFieldByName(m.Groups[1].Value);
            inPath.Add(field.Name);
            return Uri.EscapeDataString(Scalar(field.Accessor.GetValue(request)));
        });

        var message = new HttpRequestMessage(verb, path);
        if (rule.Body == "*")
        {
            message.Content = new StringContent(Formatter.Format(request), Encoding.UTF8, "application/json");
        }
        else
        {
            // No body: every field not in the path goes in the query, by its JSON name.
            var query = method.InputType.Fields.InDeclarationOrder()
                .Where(f => !inPath.Contains(f.Name))
                .SelectMany(f => Values(f, request).Select(v => $"{f.JsonName}={Uri.EscapeDataString(v)}"))
                .ToList();
            if (query.Count > 0)
            {
                message.RequestUri = new Uri(path + "?" + string.Join('&', query), UriKind.Relative);
            }
        }

        return message;
    }

    private static IEnumerable<string> Values(FieldDescriptor field, IMessage message)
    {
        var value = field.Accessor.GetValue(message);
        if (field.IsRepeated)
        {
            return ((System.Collections.IEnumerable)value).Cast<object>().Select(Scalar);
        }

        return (field.HasPresence ? field.Accessor.HasValue(message) : !Equals(value, Default(field))) ? [Scalar(value)] : [];
    }

    private static object? Default(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => string.Empty,
        FieldType.Bool => false,
        FieldType.Double => 0d,
        FieldType.Float => 0f,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 0L,
        FieldType.UInt64 or FieldType.Fixed64 => 0UL,
        FieldType.UInt32 or FieldType.Fixed32 => 0U,
        _ => 0,
    };

    private static string Scalar(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool TryReadStatus(string json, out Status status)
    {
        status = default;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
                && root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                status = new Status((StatusCode)code.GetInt32(), root.TryGetProperty("message", out var text) ? text.GetString() ?? string.Empty : string.Empty);
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>For a reply with no google.rpc.Status in its body: the gRPC status of the HTTP status, as the gRPC spec maps them.</summary>
    private static StatusCode FromHttp(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed => StatusCode.Unimplemented,
        HttpStatusCode.RequestEntityTooLarge => StatusCode.ResourceExhausted,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    private static MethodDescriptor Describe(string fullName) =>
        MethodsByName.Find(fullName) ?? throw new GrpcException(new Status(StatusCode.Unimplemented, $"{fullName} is not in the compiled protos"));

    [GeneratedRegex(@"\{([^}=]+)(=[^}]*)?\}")]
    private static partial Regex PathVariable();

    /// <summary>
    /// One call's cancellation: the caller's token and the deadline. Disposing it cancels the HTTP request still in
    /// flight, which closes its connection, so the server cancels the handler too.
    /// </summary>
    private sealed class Call : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly CancellationToken _callerToken;
        // Its own source, so a failure is told apart by which token fired, not by reading the clock (a timer
        // can fire a hair before DateTime.UtcNow reaches the deadline).
        private readonly CancellationTokenSource? _deadlineTimer;
        private int _disposed;

        public Call(CallOptions options)
        {
            _callerToken = options.CancellationToken;
            if (options.Deadline is { } deadline && deadline != DateTime.MaxValue)
            {
                var left = deadline - DateTime.UtcNow;
                _deadlineTimer = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                _source = CancellationTokenSource.CreateLinkedTokenSource(_callerToken, _deadlineTimer.Token);
            }
            else
            {
                _source = CancellationTokenSource.CreateLinkedTokenSource(_callerToken);
            }
        }

        public CancellationToken Token => _source.Token;

        /// <summary>The gRPC status for a failure of the HTTP exchange: the deadline, the caller's cancellation, or the connection.</summary>
        public GrpcException Translate(Exception exception) => exception switch
        {
            GrpcException grpc => grpc,
            OperationCanceledException when !_callerToken.IsCancellationRequested && _deadlineTimer is { IsCancellationRequested: true } => new(new Status(StatusCode.DeadlineExceeded, "the deadline passed before the call completed")),
            OperationCanceledException => new(new Status(StatusCode.Cancelled, "the call was cancelled")),
            InvalidJsonException or InvalidProtocolBufferException => new(new Status(StatusCode.Internal, $"the reply is not the method's message in JSON: {exception.Message}", exception)),
            HttpRequestException or IOException => new(new Status(StatusCode.Unavailable, $"the HTTP exchange failed: {exception.Message}", exception)),
            _ => new(new Status(StatusCode.Unknown, $"{exception.GetType().Name}: {exception.Message}", exception)),
        };

        public Status GetStatus() => Status.DefaultSuccess;

        public Metadata GetTrailers() => [];

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _source.Cancel();
                _source.Dispose();
                _deadlineTimer?.Dispose();
            }
        }
    }

    private sealed class Reader<T>(IAsyncEnumerator<T> items, Call? call) : IAsyncStreamReader<T>
    {
        public T Current => items.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await items.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not GrpcException && call is not null)
            {
                throw call.Translate(e);
            }
        }
    }

    private sealed class RefusingWriter<T>(Task failed) : IClientStreamWriter<T>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(T message) => failed;

        // Without this, a write with a cancellable token got the library's "Cancellation of stream writes is not
        // supported" instead of the reason the call is refused.
        public Task WriteAsync(T message, CancellationToken cancellationToken) => failed;

        public Task CompleteAsync() => failed;
    }
}
