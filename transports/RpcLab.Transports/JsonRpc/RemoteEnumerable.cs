using System.Runtime.CompilerServices;
using System.Text.Json;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// The consumer side of StreamJsonRpc's async-enumerable protocol: a sequence the peer sent as
/// <c>{"token": t, "values": [...]}</c> (or a bare token), pulled with <c>$/enumerator/next</c> and always
/// released with a <c>$/enumerator/dispose</c> notification when the enumeration ends, early or not.
/// Items come out deserialized as <see cref="ItemType"/>. Each enumeration is independent and single-threaded.
/// </summary>
internal sealed class RemoteEnumerable : IAsyncEnumerable<object?>
{
    private readonly JsonRpcConnection _connection;
    private readonly JsonElement? _token;
    private readonly JsonElement[] _prefetched;
    private readonly bool _finished;

    private RemoteEnumerable(JsonRpcConnection connection, JsonElement? token, JsonElement[] prefetched, bool finished, Type itemType)
    {
        _connection = connection;
        _token = token;
        _prefetched = prefetched;
        _finished = finished;
        ItemType = itemType;
    }

    public Type ItemType { get; }

    /// <summary>
    /// Reads the marshaled form: an object with <c>token</c> and/or prefetched <c>values</c>, or a bare
    /// token (any JSON but null). Returns null when <paramref name="value"/> is not an enumerable.
    /// </summary>
    public static RemoteEnumerable? TryCreate(JsonRpcConnection connection, JsonElement value, Type itemType)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var hasToken = value.TryGetProperty("token", out var token) && token.ValueKind != JsonValueKind.Null;
                var hasValues = value.TryGetProperty("values", out var values);
                if (hasValues && values.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                if (!hasToken && !hasValues)
                {
                    return null;
                }

                var prefetched = hasValues ? values.EnumerateArray().ToArray() : [];
                return new RemoteEnumerable(connection, hasToken ? token : null, prefetched, finished: !hasToken, itemType);
            case JsonValueKind.String or JsonValueKind.Number:
                return new RemoteEnumerable(connection, value, [], finished: false, itemType);
            default:
                return null;
        }
    }

    public async IAsyncEnumerator<object?> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var value in _prefetched)
            {
                yield return Item(value);
            }

            var finished = _finished;
            while (!finished)
            {
                var reply = await _connection.InvokeAsync("$/enumerator/next", new Dictionary<string, JsonElement> { ["token"] = _token!.Value }, cancellationToken).ConfigureAwait(false);
                if (reply.ValueKind != JsonValueKind.Object || !reply.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    throw new RpcException(RpcStatusCode.Internal, $"malformed reply to $/enumerator/next: {reply.GetRawText()}");
                }

                finished = reply.TryGetProperty("finished", out var f) && f.ValueKind == JsonValueKind.True;

                // The producer sends an empty page only after the last value; never ask again after one.
                finished |= values.GetArrayLength() == 0;
                foreach (var value in values.EnumerateArray())
                {
                    yield return Item(value);
                }
            }
        }
        finally
        {
            if (_token is { } token)
            {
                await _connection.TryNotifyAsync("$/enumerator/dispose", new Dictionary<string, JsonElement> { ["token"] = token }).ConfigureAwait(false);
            }
        }
    }

    private object? Item(JsonElement value)
    {
        try
        {
            return JsonRpcFormatter.Deserialize(value, ItemType);
        }
        catch (JsonException e)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"a stream item is not a {ItemType.Name}: {e.Message}");
        }
    }
}
