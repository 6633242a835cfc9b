using System.Globalization;
using System.Reflection;
using RpcLab.Services.Errors;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// Runs shipped procedures, each on a thread of its own with a large stack and a guard (<see cref="ProcedureGuard"/>)
/// that stops it at its next check once its time limit passes, its caller cancels or it has allocated more than its
/// memory limit. A procedure that throws, runs too long, recurses without end or allocates too much fails its own call
/// only. One stuck where the guard cannot reach (a loop inside a library) is abandoned after a grace period: its call
/// fails and its thread keeps one of the <see cref="MaxThreads"/> slots until it returns, so a few such procedures
/// cannot starve the machine. Nothing of a procedure's own code runs outside its guarded thread: what it threw is read
/// there. Thread-safe.
/// </summary>
internal sealed class ProcedureRunner(ClusterNodeOptions options)
{
    /// <summary>
    /// Stack of a procedure thread: room for thousands of nested calls, which honest procedures never need. Not more: a
    /// runaway recursion fills it before the guard stops it, and every garbage collection meanwhile walks every frame,
    /// so a deep stack under a busy server would crawl towards the time limit instead of hitting the stack check.
    /// </summary>
    private const int StackSize = 1024 * 1024;

    /// <summary>How much of a procedure's exception message its call reports: a message is a sentence, not a payload.</summary>
    private const int MaxMessageLength = 1000;

    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _slots = new(options.MaxThreads);

    public int MaxThreads { get; } = options.MaxThreads;

    public TimeSpan TimeLimit { get; } = options.TimeLimit;

    /// <summary>Bytes one call may allocate on its thread.</summary>
    public long MemoryLimit { get; } = options.MemoryLimit;

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
                // Made here: the memory budget counts from what this thread has allocated so far.
                var state = new GuardState(limit.Token, MemoryLimit);
                ProcedureGuard.Enter(state);
                try
                {
                    done.TrySetResult(method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null));
                }
                catch (Exception e)
                {
                    done.TrySetException(Failure(name, state, e));
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
        catch (ProcedureStoppedException e) when (e.Reason == StopReason.TimeLimit && cancellationToken.IsCancellationRequested)
        {
            // Stopped because the caller cancelled or its deadline passed: the server reports that, not a time limit.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ProcedureStoppedException e)
        {
            throw e.Reason switch
            {
                StopReason.Stack => new RawCallException(RawExceptionType.ExecutionException, $"{name} recursed too deeply: it was stopped before the stack ran out", RpcStatusCode.ResourceExhausted, e),
                StopReason.Memory => new RawCallException(
                    RawExceptionType.ExecutionException,
                    $"{name} was stopped: memory limit of {Mebibytes(MemoryLimit)} exceeded (it allocated more than that on its thread during the call)",
                    RpcStatusCode.ResourceExhausted,
                    e),
                _ => new RawCallException(RawExceptionType.ExecutionException, $"{name} ran past its time limit of {Milliseconds(TimeLimit)} and was stopped", RpcStatusCode.DeadlineExceeded, e),
            };
        }
        catch (TimeoutException e)
        {
            throw new RawCallException(
                RawExceptionType.ExecutionException,
                $"{name} ran past its time limit of {Milliseconds(TimeLimit)} somewhere it cannot be stopped (outside its own code); its thread is abandoned",
                RpcStatusCode.DeadlineExceeded,
                e);
        }
    }

    /// <summary>
    /// What a failed run reports, worked out on the procedure's thread while its guard still holds: a procedure's
    /// exception type may override <see cref="Exception.Message"/> with a loop, which must not run unguarded on a
    /// server thread. The procedure's exception is not kept, so none of its code can run later either.
    /// </summary>
    private static Exception Failure(string name, GuardState state, Exception thrown)
    {
        // Stopped, whatever the procedure threw while it unwound (a finally may throw something else).
        if (state.Reason is { } reason)
        {
            return thrown as ProcedureStoppedException ?? new ProcedureStoppedException(reason);
        }

        string message;
        try
        {
            message = thrown.Message;
        }
        catch (ProcedureStoppedException stopped)
        {
            return stopped;
        }
        catch (Exception e)
        {
            message = $"(its message threw {e.GetType().Name})";
        }

        if (message.Length > MaxMessageLength)
        {
            message = string.Create(CultureInfo.InvariantCulture, $"{message[..MaxMessageLength]}... ({message.Length} characters)");
        }

        return new RawCallException(RawExceptionType.ExecutionException, $"{name} threw {thrown.GetType().Name}: {message}", RpcStatusCode.Unknown);
    }

    private static string Milliseconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0} ms");

    private static string Mebibytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.##} MiB");
}
