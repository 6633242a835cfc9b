using Microsoft.CodeAnalysis;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// What a shipped procedure may not use, in one place: the API it may not touch, as an allow/deny list by namespace,
/// type and member matched against the symbols Roslyn's semantic model binds (so an alias, a <c>using static</c> or a
/// <c>var</c> changes nothing), and the constructs of the language it may not write. The most specific entry wins:
/// <c>System.Threading</c> is denied but <c>System.Threading.Interlocked</c> allowed; anything no entry names is
/// allowed. Why each is refused: the guard (<see cref="ProcedureGuard"/>) stops a procedure only on the thread the
/// node runs it on and only through the checks the rewriter put in its own code, so whatever could reach the guard's
/// state (reflection, unsafe code, the runtime's own services), run code elsewhere (threads, timers, tasks, compiled
/// expression trees, native code), wait where no check runs, end or crash the node (Environment.Exit, a stack
/// overflow), or reach beyond the call (files, the network, processes, the node's environment holding its token) is
/// refused before it compiles. <see cref="ProcedurePolicy"/> applies the rules. Thread-safe (immutable).
/// </summary>
internal static class ProcedureRules
{
    /// <summary>The stack a file may take with stackalloc, and the size of the largest value type it may use.</summary>
    public const int MaxStackBytes = 1024;

    private const string Reflection = "it could switch off the time limit (reflection reaches the guard's private state)";
    private const string Dynamic = "dynamic binding is reflection at run time: it could switch off the time limit";
    private const string Expressions = "a compiled expression tree runs without the guard's checks: a loop built from expressions never stops";
    private const string OtherThreads = "it runs code on other threads, outside the guard and past the time limit";
    private const string Waits = "threads, timers, waits and execution contexts escape the guard: work on another thread runs past the time limit, and a wait can block for ever";
    private const string Blocking = "it can block for ever where the guard cannot stop it, keeping one of the node's procedure threads";
    private const string Native = "native code and raw memory are beyond the guard, and can corrupt the node";
    private const string CompilerServices = "Unsafe, RuntimeHelpers, UnsafeAccessor and module initializers reach past the type system, to the guard's state";
    private const string Runtime = "the runtime's own services (the collector's settings, serialization, intrinsics) belong to the whole node";
    private const string Handles = "handles into the runtime's own structures reach past the type system";
    private const string Node = "the node's own code, its guard among it, is not a procedure's to call, catch or imitate";
    private const string Files = "a procedure computes from its arguments: it does not read or write the node's files";
    private const string Network = "a procedure computes from its arguments: it does not reach other machines as the node";
    private const string Stack = "a procedure's thread has a 1 MiB stack, and a stack overflow kills the node whatever catches it";

    /// <summary>Pointers and everything that needs <c>unsafe</c>; procedures also compile without <c>/unsafe</c>.</summary>
    public static readonly ProcedureRule Unsafe = new("unsafe code", false, "pointers reach any memory, the guard's state among it");

    /// <summary>The <c>dynamic</c> type.</summary>
    public static readonly ProcedureRule DynamicType = new("dynamic", false, Dynamic);

    /// <summary><c>async</c> methods, lambdas and local functions.</summary>
    public static readonly ProcedureRule Async = new("async code", false, "its continuations run on pool threads, outside the guard and past the time limit");

    /// <summary>A destructor (<c>~C()</c>).</summary>
    public static readonly ProcedureRule Finalizer = new("a finalizer", false, "it runs on the runtime's finalizer thread, outside the guard: one that never returns stops every finalizer of the node");

    /// <summary>An <c>extern</c> method (or alias).</summary>
    public static readonly ProcedureRule Extern = new("extern", false, Native);

    /// <summary>stackalloc beyond <see cref="MaxStackBytes"/> in a file, of a size not constant, or of elements of no known size.</summary>
    public static readonly ProcedureRule StackAlloc = new(
        "stackalloc",
        false,
        $"{Stack}; stackalloc is allowed only with a constant size, of primitive elements, {MaxStackBytes} bytes at most in a file");

    /// <summary>A struct (or tuple) larger than <see cref="MaxStackBytes"/>, which would sit on the stack whole.</summary>
    public static readonly ProcedureRule LargeValue = new("a value type", false, $"{Stack}; a value type may have {MaxStackBytes} bytes at most");

    /// <summary>
    /// A struct (or tuple) built from a type parameter, given as a type argument: <c>R&lt;(T, T)&gt;()</c> inside
    /// <c>R&lt;T&gt;</c> doubles a value at each call, and one frame then outgrows the stack before any check runs.
    /// </summary>
    public static readonly ProcedureRule GrowingValue = new(
        "a value type built from a type parameter",
        false,
        $"{Stack}; as a type argument it lets generic code double a value at each call, until one frame alone overflows the stack before any check");

    /// <summary>The rules on constructs of the language and on value types, which <see cref="ProcedurePolicy"/> applies by hand.</summary>
    public static IReadOnlyList<ProcedureRule> Language { get; } = [Unsafe, DynamicType, Async, Finalizer, Extern, StackAlloc, LargeValue, GrowingValue];

    /// <summary>The API rules, matched against bound symbols; the most specific pattern naming a symbol decides.</summary>
    public static IReadOnlyList<ProcedureRule> Api { get; } =
    [
        // Reflection, in every spelling: the guard's state is a private field, the reflection's first target.
        Deny("System.Reflection", Reflection),
        Allow("System.Reflection.MemberInfo.Name"), // e.GetType().Name, in a message
        Deny("System.Type.*", Reflection),
        Allow("System.Type.FullName"),
        Allow("System.Type.Namespace"),
        Allow("System.Type.Equals"),
        Allow("System.Type.op_Equality"),
        Allow("System.Type.op_Inequality"),
        Allow("System.Type.IsAssignableFrom"),
        Allow("System.Type.IsInstanceOfType"),
        Deny("System.Activator", Reflection),
        Deny("System.Delegate.CreateDelegate", Reflection),
        Deny("System.Delegate.DynamicInvoke", Reflection),
        Deny("System.Delegate.Method", Reflection),
        Deny("System.Dynamic", Dynamic),
        Deny("Microsoft.CSharp", Dynamic),
        Deny("Microsoft", "the registry, native handles and Visual Basic's late binding and Shell reach beyond the call"),
        Deny("System.ComponentModel", "type descriptors are reflection, and background workers run on other threads"),
        Deny("System.Linq.Expressions", Expressions),
        Deny("System.TypedReference", Handles),
        Deny("System.ArgIterator", Handles),
        Deny("System.RuntimeArgumentHandle", Handles),
        Deny("System.RuntimeTypeHandle", Handles),
        Deny("System.RuntimeMethodHandle", Handles),
        Deny("System.RuntimeFieldHandle", Handles),
        Deny("System.ModuleHandle", Handles),

        // The runtime, native code and loading code.
        Deny("System.Runtime", Runtime),
        Deny("System.Runtime.CompilerServices", CompilerServices),
        Deny("System.Runtime.InteropServices", Native),
        Deny("System.Runtime.Loader", "loading assemblies puts code in the node that no guard has rewritten"),
        Deny("System.AppDomain", "the node's process-wide state: loading assemblies, handlers of every exception"),
        Deny("System.AppContext", "the node's process-wide switches and data"),
        Deny("System.GC", "the collector is the whole node's: a procedure may not force, pause or tune it"),
        Deny("System.Globalization.CultureInfo.DefaultThreadCurrentCulture", "it sets every thread's culture, the node's own formatting among it"),
        Deny("System.Globalization.CultureInfo.DefaultThreadCurrentUICulture", "it sets every thread's culture, the node's own formatting among it"),

        // Ending the node, and its environment.
        Deny("System.Environment.*", "Environment.Exit and FailFast end the node, and its variables hold the cluster's token"),
        Allow("System.Environment.NewLine"),
        Allow("System.Environment.ProcessorCount"),
        Allow("System.Environment.TickCount"),
        Allow("System.Environment.TickCount64"),
        Deny("System.Console.*", "the node's terminal is its log: a procedure may write to it, not read it, redirect it or handle its Ctrl+C"),
        Allow("System.Console.Write"),
        Allow("System.Console.WriteLine"),
        Deny("System.Diagnostics", "debuggers, trace listeners and event sources reach beyond the call"),
        Deny("System.Diagnostics.Process", "it starts programs as the node's user, beyond the guard"),
        Allow("System.Diagnostics.Stopwatch"),
        Allow("System.Diagnostics.Debug"),
        Allow("System.Diagnostics.CodeAnalysis"),

        // Other threads, and waits the guard cannot end.
        Deny("System.Threading", Waits),
        Deny("System.Threading.Thread", OtherThreads),
        Deny("System.Threading.ThreadPool", OtherThreads),
        Deny("System.Threading.Timer", OtherThreads),
        Deny("System.Threading.Tasks", OtherThreads),
        Allow("System.Threading.Interlocked"),
        Allow("System.Threading.Volatile"),
        Allow("System.Threading.Lock"),
        Allow("System.Threading.LazyThreadSafetyMode"),
        Deny("System.Timers", OtherThreads),
        Deny("System.Progress", OtherThreads),
        Deny("System.Linq.ParallelEnumerable", OtherThreads),
        Deny("System.Linq.ParallelQuery", OtherThreads),
        Deny("System.Collections.Concurrent.BlockingCollection", Blocking),

        // Files and the network; in-memory streams and text readers stay.
        Deny("System.IO", Files),
        Allow("System.IO.Stream"),
        Allow("System.IO.MemoryStream"),
        Allow("System.IO.TextReader"),
        Allow("System.IO.TextWriter"),
        Allow("System.IO.StringReader"),
        Allow("System.IO.StringWriter"),
        Allow("System.IO.BinaryReader"),
        Allow("System.IO.BinaryWriter"),
        Allow("System.IO.SeekOrigin"),
        Allow("System.IO.IOException"),
        Allow("System.IO.EndOfStreamException"),
        Allow("System.IO.InvalidDataException"),
        Deny("System.Xml", "XML readers load files and URLs"),
        Deny("System.Data", "data sets read and write files"),
        Deny("System.Resources", "resource readers open files and assemblies"),
        Deny("System.Net", Network),

        // The node itself: its guard, and every other type of ours the compilation can see.
        Deny("RpcLab", Node),
    ];

    private static readonly Dictionary<string, ProcedureRule> ByPattern = Api.ToDictionary(r => r.Pattern, StringComparer.Ordinal);

    /// <summary>The rule for <paramref name="symbol"/> (a namespace, type or member): the most specific that names it, or null (allowed).</summary>
    public static ProcedureRule? For(ISymbol symbol)
    {
        foreach (var name in Names(symbol))
        {
            if (ByPattern.TryGetValue(name, out var rule))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>True when some part of namespace <paramref name="name"/> is allowed (then naming the namespace itself is no refusal).</summary>
    public static bool AllowsSomethingIn(string name) =>
        Api.Any(r => r.Allowed && r.Pattern.StartsWith(name + ".", StringComparison.Ordinal));

    /// <summary>The names a symbol answers to, most specific first: <c>N.T.M</c>, <c>N.T.*</c>, <c>N.T</c>, <c>N</c>, its parents.</summary>
    private static IEnumerable<string> Names(ISymbol symbol)
    {
        switch (symbol)
        {
            case INamespaceSymbol ns:
                return Namespaces(ns);
            case INamedTypeSymbol type:
                return Types(type);
            case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol when symbol.ContainingType is { } owner:
                var name = TypeName(owner);
                return [$"{name}.{symbol.Name}", $"{name}.*", .. Types(owner)];
            default:
                return [];
        }
    }

    private static IEnumerable<string> Types(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            yield return TypeName(t);
        }

        foreach (var ns in Namespaces(type.ContainingNamespace))
        {
            yield return ns;
        }
    }

    private static IEnumerable<string> Namespaces(INamespaceSymbol? ns)
    {
        for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            yield return ns.ToDisplayString();
        }
    }

    // N.Outer.T, without generic arity: System.Progress for Progress<T>.
    private static string TypeName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? $"{TypeName(outer)}.{type.Name}"
        : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{type.Name}"
        : type.Name;

    private static ProcedureRule Deny(string pattern, string reason) => new(pattern, false, reason);

    private static ProcedureRule Allow(string pattern) => new(pattern, true, string.Empty);
}
