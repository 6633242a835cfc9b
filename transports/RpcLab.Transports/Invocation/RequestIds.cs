using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// One client's source of <see cref="RequestId"/>s: its id (random unless <see cref="ClientOptions.ClientId"/> names one)
/// and the next sequence number. A call takes its id once, before its first attempt, so every retry of it repeats the
/// id; that is what lets the server answer a retry with the first reply. Thread-safe.
/// </summary>
public sealed class RequestIds
{
    private long _sequence;

    public RequestIds(string? clientId = null) => ClientId = clientId ?? Guid.NewGuid().ToString("N");

    public string ClientId { get; }

    /// <summary>The source a client with <paramref name="options"/> uses, or null: it sends no request ids (no retries, or <see cref="RetryOptions.AtMostOnce"/> off).</summary>
    public static RequestIds? For(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Retry is { AtMostOnce: true } ? new RequestIds(options.ClientId) : null;
    }

    /// <summary>A new call's id.</summary>
    public RequestId Next() => new(ClientId, Interlocked.Increment(ref _sequence));

    /// <summary>
    /// <paramref name="args"/> (a call's ordinary arguments) with a new id in the method's <see cref="RequestId"/> parameter,
    /// when it has one the caller left null; otherwise <paramref name="args"/> themselves.
    /// </summary>
    public object?[] Stamp(RpcMethod method, object?[] args)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        if (method.RequestIdIndex < 0 || args[method.RequestIdIndex] is not null)
        {
            return args;
        }

        var stamped = (object?[])args.Clone();
        stamped[method.RequestIdIndex] = Next();
        return stamped;
    }
}
