using System.Collections.Concurrent;
using System.Reflection;

namespace RpcLab.Services.Contracts;

/// <summary>
/// A contract method's Task as <c>Task&lt;object?&gt;</c> and back, for code that handles every contract method alike
/// and knows a result type only at run time: the transports' method catalog and client stubs, and the services' own
/// at-most-once decorator. Each conversion is made once per result type and kept. Thread-safe.
/// </summary>
public static class TaskBoxing
{
    private static readonly ConcurrentDictionary<Type, Func<Task, Task<object?>>> Boxers = new();
    private static readonly ConcurrentDictionary<Type, Func<Task<object?>, Task>> Unboxers = new();

    /// <summary>Turns a Task (null <paramref name="resultType"/>: its result is null) or a Task&lt;T&gt; into its boxed result.</summary>
    public static Func<Task, Task<object?>> Boxer(Type? resultType) =>
        resultType is null ? BoxVoid : Boxers.GetOrAdd(resultType, static t => Generic<Func<Task, Task<object?>>>(nameof(BoxTask), t));

    /// <summary>Turns a boxed result back into a Task (null <paramref name="resultType"/>) or a Task&lt;T&gt;.</summary>
    public static Func<Task<object?>, Task> Unboxer(Type? resultType) =>
        resultType is null ? static task => task : Unboxers.GetOrAdd(resultType, static t => Generic<Func<Task<object?>, Task>>(nameof(UnboxTask), t));

    private static TDelegate Generic<TDelegate>(string helper, Type typeArgument)
        where TDelegate : Delegate =>
        typeof(TaskBoxing).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArgument)
            .CreateDelegate<TDelegate>();

    private static async Task<object?> BoxVoid(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static async Task<object?> BoxTask<T>(Task task) => await ((Task<T>)task).ConfigureAwait(false);

    private static async Task<T> UnboxTask<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
}
