using System.Runtime.CompilerServices;
using Grpc.Core;
using RpcLab.Transports.Invocation;
using OurCallOptions = RpcLab.Transports.Hosting.CallOptions;
using OurException = RpcLab.Services.Errors.RpcException;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// What the client adapters share: our call options as grpc-dotnet's (the timeout becomes the call's deadline, sent
/// as grpc-timeout and enforced locally too), and the request side of streaming calls. Thread-safe.
/// </summary>
internal static class Calls
{
    public static CallOptions Options(OurCallOptions options, CancellationToken cancellationToken) =>
        new(deadline: options.Timeout is { } timeout ? DateTime.UtcNow + timeout : null, cancellationToken: cancellationToken);

    /// <summary>A client-streaming call: every item sent as a message, the end of the stream, then the one response.</summary>
    public static async Task<TResponse> SendAllAsync<TItem, TRequest, TResponse>(AsyncClientStreamingCall<TRequest, TResponse> call, IAsyncEnumerable<TItem> items, Func<TItem, TRequest> toMessage, CancellationToken cancellationToken)
    {
        using (call)
        {
            if (await WriteAllAsync(call.RequestStream, items, toMessage, call.ResponseAsync, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                // Leaving the using block cancels the call.
                throw RpcErrors.ToRpcException(failure);
            }

            return await call.ResponseAsync.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A server-streaming call, started when the result is first enumerated (as the contract's streams are lazy);
    /// leaving the loop early cancels the call, which cancels the server's handler.
    /// </summary>
    public static async IAsyncEnumerable<TResult> ReceiveAllAsync<TResponse, TResult>(Func<AsyncServerStreamingCall<TResponse>> start, Func<TResponse, TResult> fromMessage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = start();
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return fromMessage(call.ResponseStream.Current);
        }
    }

    /// <summary>
    /// A duplex call: the items are sent in the background while the responses are read, so each reply can come
    /// back before the next item exists. Leaving the responses early, or a failing item stream, cancels the call;
    /// the caller then sees the item stream's own error rather than the cancellation it caused.
    /// </summary>
    public static async IAsyncEnumerable<TResult> ExchangeAsync<TItem, TRequest, TResponse, TResult>(
        Func<AsyncDuplexStreamingCall<TRequest, TResponse>> start,
        IAsyncEnumerable<TItem> items,
        Func<TItem, TRequest> toMessage,
        Func<TResponse, TResult> fromMessage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (var call = start())
        {
            var failed = new StrongBox<Exception?>();
            var sending = SendInBackgroundAsync(call, items, toMessage, failed, cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
                }
                catch (OurException) when (Volatile.Read(ref failed.Value) is { } failure)
                {
                    throw RpcErrors.ToRpcException(failure);
                }

                if (!more)
                {
                    break;
                }

                yield return fromMessage(call.ResponseStream.Current);
            }

            await sending.ConfigureAwait(false);
            if (failed.Value is { } late)
            {
                throw RpcErrors.ToRpcException(late);
            }
        }
    }

    private static async Task SendInBackgroundAsync<TItem, TRequest, TResponse>(AsyncDuplexStreamingCall<TRequest, TResponse> call, IAsyncEnumerable<TItem> items, Func<TItem, TRequest> toMessage, StrongBox<Exception?> failed, CancellationToken cancellationToken)
    {
        await Task.Yield();

        // A write that fails while the call still runs (a message over the size limit) is the call's failure too.
        var failure = await WriteAllAsync(call.RequestStream, items, toMessage, callEnded: null, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            // Recorded before the call is stopped, so the reader that wakes up from it finds the reason.
            Volatile.Write(ref failed.Value, failure);
            call.Dispose();
        }
    }

    /// <summary>
    /// Sends every item and then the end of the request stream. Returns why sending failed: the item stream failed, or
    /// a write failed while the call was still running (a message over the size limit). A write that fails because
    /// <paramref name="callEnded"/> (the response) completes, at once or within <see cref="EndGrace"/> (the server has
    /// answered, often with an error such as a quota reached mid-upload), is not a failure here: the response reports
    /// the server's own status, where the write's error would say only Cancelled.
    /// </summary>
    private static async Task<Exception?> WriteAllAsync<TItem, TRequest>(IClientStreamWriter<TRequest> writer, IAsyncEnumerable<TItem> items, Func<TItem, TRequest> toMessage, Task? callEnded, CancellationToken cancellationToken)
    {
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception e)
                {
                    return e;
                }

                await writer.WriteAsync(toMessage(enumerator.Current), cancellationToken).ConfigureAwait(false);
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (OurException e)
        {
            // The response may complete a moment after the write that the server's early answer broke.
            if (callEnded is null || !await EndsWithinAsync(callEnded, EndGrace).ConfigureAwait(false))
            {
                return e;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>How long a failed write waits for the response to say the server has answered.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(2);

    private static async Task<bool> EndsWithinAsync(Task task, TimeSpan grace)
    {
        await Task.WhenAny(task, Task.Delay(grace)).ConfigureAwait(false);
        return task.IsCompleted;
    }
}
