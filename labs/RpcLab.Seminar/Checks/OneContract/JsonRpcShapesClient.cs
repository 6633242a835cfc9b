using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Seminar.Checks.OneContract;

/// <summary>
/// Lab 2's contract over JSON-RPC 2.0: a stock StreamJsonRpc client on one TCP connection, Content-Length framing and
/// System.Text.Json, as the workspace's server speaks. Methods by their contract names without Async (<c>Upper</c>);
/// streams are StreamJsonRpc's enumerator tokens; a cancelled call sends <c>$/cancelRequest</c>. Counts calls and the
/// payload bytes (the arguments and results as JSON) in the context.
/// </summary>
public sealed class JsonRpcShapesClient : IShapesClient
{
    private readonly TcpClient _tcp;
    private readonly HoldingJsonRpc _rpc;
    private readonly CheckContext _context;

    private JsonRpcShapesClient(TcpClient tcp, CheckContext context)
    {
        _tcp = tcp;
        _context = context;
        var stream = tcp.GetStream();
        _rpc = new HoldingJsonRpc(new HeaderDelimitedMessageHandler(stream, stream, new SystemTextJsonFormatter()));
        _rpc.StartListening();
    }

    public string UnknownMethodAnswer => "-32601 (Method not found)";

    /// <summary>Connects to the server of <paramref name="context"/>.</summary>
    public static async Task<JsonRpcShapesClient> ConnectAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new JsonRpcShapesClient(await context.ConnectTcpAsync("JSON-RPC server", cancellationToken).ConfigureAwait(false), context);
    }

    public async Task<string> UpperAsync(string text, CancellationToken cancellationToken) =>
        Counted(await _rpc.InvokeWithCancellationAsync<string>("Upper", [Counted(text)], cancellationToken).ConfigureAwait(false));

    public async IAsyncEnumerable<int> CountdownAsync(int n, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = await _rpc.InvokeWithCancellationAsync<IAsyncEnumerable<int>>("Countdown", [Counted(n)], cancellationToken).ConfigureAwait(false);
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return Counted(item);
        }
    }

    public async Task<string> LongestAsync(IAsyncEnumerable<string> words, CancellationToken cancellationToken) =>
        Counted(await _rpc.InvokeWithCancellationAsync<string>("Longest", [CountedEach(words, cancellationToken)], cancellationToken).ConfigureAwait(false));

    public async IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (id, result) = _rpc.InvokeHoldingArguments<IAsyncEnumerable<long>>("RunningTotal", [CountedEach(numbers, cancellationToken)], cancellationToken);
        try
        {
            var totals = await result.ConfigureAwait(false);
            await foreach (var total in totals.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return Counted(total);
            }
        }
        finally
        {
            _rpc.ReleaseArguments(id);
        }
    }

    public async Task HoldAsync(int ms, CancellationToken cancellationToken)
    {
        await _rpc.InvokeWithCancellationAsync("Hold", [Counted(ms)], cancellationToken).ConfigureAwait(false);
        _context.CountCall();
    }

    public async Task<(int Started, int Cancelled)> HoldsAsync(CancellationToken cancellationToken)
    {
        var count = Counted(await _rpc.InvokeWithCancellationAsync<JsonElement>("Holds", [], cancellationToken).ConfigureAwait(false));
        return (Property(count, "started"), Property(count, "cancelled"));
    }

    public async Task<(bool Right, string Answer)> CallUnknownMethodAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _rpc.InvokeWithCancellationAsync<JsonElement>(name, [], cancellationToken).ConfigureAwait(false);
            return (false, $"a result ({result.GetRawText()})");
        }
        catch (RemoteRpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            _context.CountCall();
            return (e.ErrorCode == JsonRpcErrorCode.MethodNotFound, Explain(e)!);
        }
    }

    public string? Explain(Exception error) => error switch
    {
        RemoteMethodNotFoundException e => $"error {(int)e.ErrorCode} ({e.Message}): the server has no such method",
        RemoteInvocationException e => $"error {e.ErrorCode} ({e.Message})",
        ConnectionLostException => "the server closed the connection",
        RemoteRpcException e => $"error {(int?)e.ErrorCode} ({e.Message})",
        _ => null,
    };

    public ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.TryGetInt32(out var value))
            {
                return value;
            }
        }

        throw new CheckFailedException($"Holds answered {element.GetRawText()}, with no integer '{name}'");
    }

    private T Counted<T>(T value)
    {
        _context.CountCall(JsonSerializer.SerializeToUtf8Bytes(value).Length);
        return value;
    }

    private async IAsyncEnumerable<T> CountedEach<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return Counted(item);
        }
    }
}
