using RpcLab.Services.Contracts;
using RpcLab.Tests.Infrastructure;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// Wraps the server's echo service and records what its handlers experienced: in particular whether a
/// slow call's cancellation token fired, which is how a test sees that a client's cancellation or
/// deadline reached the server. Thread-safe.
/// </summary>
public sealed class ObservedEcho(IEchoService inner) : DelegatingEchoService(inner)
{
    private readonly TaskCompletionSource _delayStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _delayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The message whose Reverse fails as a bug or a full disk would: an exception the service did not throw for its caller, naming a server path.</summary>
    public const string Crash = "!crash";

    /// <summary>What the unexpected failure of <see cref="Crash"/> says: only the server may read it.</summary>
    public const string CrashMessage = "No space left on device: /var/lib/rpclab/echo.db";

    /// <summary>Completes when the first Delay call has reached the server's handler.</summary>
    public Task DelayStarted => _delayStarted.Task;

    /// <summary>How the first Delay call ended on the server: "completed", "cancelled" or the exception type.</summary>
    public Task<string> DelayEnded => _delayEnded.Task;

    public override Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default) =>
        message == Crash ? throw new IOException(CrashMessage) : Inner.ReverseAsync(message, cancellationToken);

    public override async Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default)
    {
        _delayStarted.TrySetResult();
        try
        {
            var result = await Inner.DelayAsync(message, delayMs, cancellationToken);
            _delayEnded.TrySetResult("completed");
            return result;
        }
        catch (OperationCanceledException)
        {
            _delayEnded.TrySetResult("cancelled");
            throw;
        }
        catch (Exception e)
        {
            _delayEnded.TrySetResult(e.GetType().Name);
            throw;
        }
    }
}
