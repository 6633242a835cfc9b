using System.Diagnostics;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Server;

/// <summary>
/// One service under the root (<c>conn.root.echo</c>): its attributes are the catalog's methods by wire name (or its
/// snake_case spelling: <c>wait_job</c> for <c>waitJob</c>), so
/// <c>conn.root.echo.reverse("hello")</c> is GETATTR (a <c>builtins.method</c>) and CALL, and CALLATTR does it in one
/// request. A unary call answers its result; a server stream answers a <see cref="PyGenerator"/>; a request stream is
/// read from the iterable the caller passed, pulled with <c>__next__</c> as the handler asks. Each call is logged once,
/// when it ends. Thread-safe.
/// </summary>
internal sealed class ServiceObject(string service, ServerContext context) : LocalObject
{
    public override string TypeName => $"rpclab.{service}";

    public override ValueTask<object?> GetAttrAsync(string name, RpycCall call) =>
        Find(name, call) is { } method
            ? new(new PyMethod(method.FullName, (args, kwargs, c) => InvokeAsync(method, args, kwargs, c)))
            : throw NoAttribute(name);

    public override async ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call) =>
        !name.StartsWith("__", StringComparison.Ordinal) && Find(name, call) is { } method
            ? await InvokeAsync(method, args, kwargs, call).ConfigureAwait(false)
            : await base.CallAttrAsync(name, args, kwargs, call).ConfigureAwait(false);

    public override IEnumerable<string> Dir() => ServiceCatalog.Methods.Where(m => m.Service == service).Select(m => m.Name);

    public override string Repr() => $"<rpclab service '{service}': {string.Join(", ", Dir())}>";

    private RpcMethod? Find(string name, RpycCall call)
    {
        // The wire name (waitJob), or its snake_case spelling (wait_job), which is what a Python user types.
        var method = ServiceCatalog.Find($"{service}.{name}")
            ?? ServiceCatalog.Methods.FirstOrDefault(m => m.Service == service && PyValues.KeyOf(m.Name) == name);
        if (method is null && !name.StartsWith('_'))
        {
            // A misspelt method is a call the server could not serve: the log shows it, as the other transports' do.
            var detail = $"'{service}' has no method '{name}'";
            context.Log($"{service}.{name}", RpcStatusCode.Unimplemented, TimeSpan.Zero, call.Connection.Peer, detail);
        }

        return method;
    }

    private async ValueTask<object?> InvokeAsync(RpcMethod method, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        var started = Stopwatch.GetTimestamp();
        var byValue = call.Connection.ResultsByValue;
        var streaming = false;
        try
        {
            var (values, source) = await ArgumentBinder.BindAsync(method, args, kwargs, call.CancellationToken).ConfigureAwait(false);
            if (method.StreamsResult)
            {
                streaming = true;
                return new PyGenerator(
                    method.FullName,
                    token => method.InvokeStreaming(context.Services, values, method.StreamsRequest ? ArgumentBinder.RequestStream(method, source, token) : null, token),
                    item => PyValues.ToPython(item, byValue),
                    (status, detail) =>
                    {
                        RemoteRef.ReleaseAll(args);
                        context.Log(method.FullName, status, Stopwatch.GetElapsedTime(started), call.Connection.Peer, detail);
                    });
            }

            var requestStream = method.StreamsRequest ? ArgumentBinder.RequestStream(method, source, call.CancellationToken) : null;
            var result = await method.InvokeAsync(context.Services, values, requestStream, call.CancellationToken).ConfigureAwait(false);
            var reply = PyValues.ToPython(result, byValue);
            context.Log(method.FullName, RpcStatusCode.OK, Stopwatch.GetElapsedTime(started), call.Connection.Peer, null);
            return reply;
        }
        catch (Exception e)
        {
            context.Log(method.FullName, Vinegar.StatusOf(e), Stopwatch.GetElapsedTime(started), call.Connection.Peer, Vinegar.DetailOf(e));
            streaming = false;
            if (Vinegar.IsUnexpected(e))
            {
                throw Vinegar.Logged(e);
            }

            throw;
        }
        finally
        {
            if (!streaming)
            {
                RemoteRef.ReleaseAll(args);
            }
        }
    }
}
