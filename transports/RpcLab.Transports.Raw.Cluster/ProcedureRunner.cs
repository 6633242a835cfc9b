using System.Globalization;
using System.Reflection;
using RpcLab.Services.Errors;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// Runs shipped procedures, each on a thread of its own with a large stack and a guard (<see cref="ProcedureGuard"/>)
/// that stops it at its next check once its time limit passes or its caller cancels. A procedure that throws, runs too
/// long or recurses without end fails its own call only. One stuck where the guard cannot reach (a sleep, a loop inside
/// a library) is abandoned after a grace period: its call fails and its thread keeps one of the
/// <see cref="MaxThreads"/> slots until it returns, so a few such procedures cannot starve the machine. Thread-safe.
/// </summary>
internal sealed class ProcedureRunner(int maxThreads, TimeSpan timeLimit)
{
    /// <summary>
    /// Stack of a procedure thread: room for thousands of nested calls, which honest procedures never need. Not more: a
    /// runaway recursion fills it before the guard stops it, and every garbage collection meanwhile walks every frame,
    /// so a deep stack under a busy server would crawl towards the time limit instead of hitting the stack check.
    /// </summary>
    private const int StackSize = 1024 * 1024;

    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _slots = new(maxThreads);

    public int MaxThreads { get; } = maxThreads;

    public TimeSpan TimeLimit { get; } = timeLimit;

    /// <summary>Runs <paramref name="method"/> with <paramref name="args"/>; its result, or a <see cref="RawCallException"/> (Execution Exception) saying how it failed.</summary>
    public async Task<object?> RunAsync(string name, MethodInfo method, object?[] args, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            throw new RawCallException(
                RawExceptionType.ExecutionException,
                string.Create(CultureInfo.InvariantCulture, $"all {MaxThreads} procedure threads are busy (a procedure stuck outside its own code keeps its thread until it returns)"),
                RpcStatusCode.ResourceExhausted);
        }

        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeLimit);
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                ProcedureGuard.Enter(new GuardState(limit.Token));
                try
                {
                    done.TrySetResult(method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null));
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
                finally
                {
                    ProcedureGuard.Exit();
                    limit.Dispose();
                    _slots.Release();
                }
            },
            StackSize)
        {
            IsBackground = true,
            Name = $"procedure {name}",
        };
        thread.Start();
        try
        {
            return await done.Task.WaitAsync(TimeLimit + Grace, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcedureStoppedException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped because the caller cancelled or its deadline passed: the server reports that, not a time limit.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ProcedureStoppedException e)
        {
            throw e.Reason == StopReason.Stack
                ? new RawCallException(RawExceptionType.ExecutionException, $"{name} recursed too deeply: it was stopped before the stack ran out", RpcStatusCode.ResourceExhausted, e)
                : new RawCallException(RawExceptionType.ExecutionException, $"{name} ran past its time limit of {Milliseconds(TimeLimit)} and was stopped", RpcStatusCode.DeadlineExceeded, e);
        }
        catch (TimeoutException e)
        {
            throw new RawCallException(
                RawExceptionType.ExecutionException,
                $"{name} ran past its time limit of {Milliseconds(TimeLimit)} somewhere it cannot be stopped (outside its own code); its thread is abandoned",
                RpcStatusCode.DeadlineExceeded,
                e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RawCallException(RawExceptionType.ExecutionException, $"{name} threw {e.GetType().Name}: {e.Message}", RpcStatusCode.Unknown, e);
        }
    }

    private static string Milliseconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0} ms");
}
