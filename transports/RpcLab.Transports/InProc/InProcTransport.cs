using System.Collections.Concurrent;
using System.Diagnostics;
using RpcLab.Services.Errors;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.InProc;

/// <summary>
/// The baseline: calls go straight to the implementations in the same process, with no wire, but with
/// the same deadline and error semantics as every other transport, and the same call log. "Ports" name
/// servers within the process.
/// </summary>
public sealed class InProcTransport : IRpcTransport
{
    private static readonly ConcurrentDictionary<int, (ServiceSet Services, ServerOptions Options)> Servers = new();
    private static int _nextPort = 40000;

    public string Name => "inproc";

    public int? DefaultPort => null;

    public bool HasWire => false;

    public IReadOnlyList<TransportGap> Gaps { get; } =
        [new(TransportCapability.MessageSizeLimit, "no wire, so there is no message to limit: large calls succeed")];

    public Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default)
    {
        var port = options.Port != 0 ? options.Port : Interlocked.Increment(ref _nextPort);
        if (!Servers.TryAdd(port, (services, options)))
        {
            throw new InvalidOperationException($"an in-process server already uses port {port}");
        }

        return Task.FromResult<IRpcServer>(new Server(port, options.Host));
    }

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        if (!Servers.TryGetValue(options.Port, out var server))
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"no in-process server on port {options.Port}");
        }

        return Task.FromResult<IRpcClient>(new Client(RetryingInvoker.Wrap(new Invoker(server.Services, server.Options.CallLog), options), options.DefaultCall));
    }

    private sealed class Server(int port, string host) : IRpcServer
    {
        public string Transport => "inproc";

        public string Host => host;

        public int Port => port;

        public ValueTask DisposeAsync()
        {
            Servers.TryRemove(port, out _);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Client(IRpcInvoker invoker, CallOptions defaults) : IRpcClient
    {
        public string Transport => "inproc";

        public ServiceSet Services { get; } = RpcProxy.CreateServiceSet(invoker, defaults);

        public ServiceSet With(CallOptions options) => RpcProxy.CreateServiceSet(invoker, options);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Invoker(ServiceSet services, Action<CallRecord>? callLog) : IRpcInvoker
    {
        public async Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken)
        {
            using var deadline = new CallDeadline(options.Timeout, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await method.InvokeAsync(services, args, requestStream, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
                Log(method, started, null);
                return result;
            }
            catch (Exception e)
            {
                var failure = deadline.Translate(e);
                Log(method, started, failure);
                throw failure;
            }
        }

        public async IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var deadline = new CallDeadline(options.Timeout, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var finished = false;
            try
            {
                // A service may refuse its arguments before the stream starts: TranslateStream covers that too.
                var items = deadline.TranslateStream(() => ValueTask.FromResult(
                    method.InvokeStreaming(services, args, requestStream, deadline.Token).GetAsyncEnumerator(deadline.Token)));
                await foreach (var item in items.ConfigureAwait(false))
                {
                    yield return item;
                }

                finished = true;
            }
            finally
            {
                Log(method, started, deadline.Failure ?? (finished ? null : new RpcException(RpcStatusCode.Cancelled, "the client stopped reading the stream")));
            }
        }

        private void Log(RpcMethod method, long started, RpcException? failure) =>
            callLog?.Invoke(new CallRecord("inproc", method.FullName, failure?.Status ?? RpcStatusCode.OK, Stopwatch.GetElapsedTime(started), "in-process", failure?.Detail));
    }
}
