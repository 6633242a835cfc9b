using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>
/// What a procedure may not use (ProcedureRules), one procedure per rule that tries it: each is refused before it
/// compiles with the file, the line and what is refused; the probe's attacks among them (reflection clearing the
/// guard's state, a loop built from expression trees, a 4 MB stackalloc). What honest procedures use still compiles.
/// </summary>
public sealed class ProcedurePolicyTests
{
    // Each rule of ProcedureRules that refuses, a procedure trying it (a statement of a method, or with `members:` whole
    // members of its class), and what the refusal names.
    public static TheoryData<string, string, string> Refused => new()
    {
        { "System.Reflection", "System.Reflection.BindingFlags flags = default;", "System.Reflection" },
        { "System.Type.*", "var type = Type.GetType(\"RpcLab.Transports.Raw.Cluster.ProcedureGuard\");", "System.Type.GetType" },
        { "System.Activator", "var o = Activator.CreateInstance<object>();", "System.Activator" },
        { "System.Delegate.CreateDelegate", "var d = Delegate.CreateDelegate(typeof(Func<int>), typeof(P), \"f\");", "System.Delegate.CreateDelegate" },
        { "System.Delegate.DynamicInvoke", "Func<int> g = () => 1; g.DynamicInvoke();", "System.Delegate.DynamicInvoke" },
        { "System.Delegate.Method", "Func<int> g = () => 1; var name = g.Method;", "System.Delegate.Method" },
        { "System.Dynamic", "var bag = new System.Dynamic.ExpandoObject();", "System.Dynamic" },
        { "Microsoft.CSharp", "Microsoft.CSharp.RuntimeBinder.CSharpBinderFlags flags = default;", "Microsoft.CSharp" },
        { "Microsoft", "Microsoft.Win32.SafeHandles.SafeFileHandle handle = null;", "Microsoft" },
        { "System.ComponentModel", "var properties = System.ComponentModel.TypeDescriptor.GetProperties(new object());", "System.ComponentModel" },
        { "System.Linq.Expressions", "System.Linq.Expressions.Expression<Func<int>> e = () => 1; e.Compile()();", "System.Linq.Expressions" },
        { "System.TypedReference", "var x = 1; var r = __makeref(x);", "System.TypedReference" },
        { "System.ArgIterator", "System.ArgIterator a = default;", "System.ArgIterator" },
        { "System.RuntimeArgumentHandle", "RuntimeArgumentHandle h = default;", "System.RuntimeArgumentHandle" },
        { "System.RuntimeTypeHandle", "RuntimeTypeHandle h = default;", "System.RuntimeTypeHandle" },
        { "System.RuntimeMethodHandle", "RuntimeMethodHandle h = default;", "System.RuntimeMethodHandle" },
        { "System.RuntimeFieldHandle", "RuntimeFieldHandle h = default;", "System.RuntimeFieldHandle" },
        { "System.ModuleHandle", "ModuleHandle h = default;", "System.ModuleHandle" },
        { "System.Runtime", "var server = System.Runtime.GCSettings.IsServerGC;", "System.Runtime" },
        { "System.Runtime.CompilerServices", "var s = System.Runtime.CompilerServices.Unsafe.As<string>(new object());", "System.Runtime.CompilerServices" },
        { "System.Runtime.InteropServices", "var memory = System.Runtime.InteropServices.Marshal.AllocHGlobal(10);", "System.Runtime.InteropServices" },
        { "System.Runtime.Loader", "var context = System.Runtime.Loader.AssemblyLoadContext.Default;", "System.Runtime.Loader" },
        { "System.AppDomain", "var domain = AppDomain.CurrentDomain;", "System.AppDomain" },
        { "System.AppContext", "AppContext.SetSwitch(\"x\", true);", "System.AppContext" },
        { "System.GC", "GC.Collect();", "System.GC" },
        { "System.Globalization.CultureInfo.DefaultThreadCurrentCulture", "System.Globalization.CultureInfo.DefaultThreadCurrentCulture = new(\"fr-FR\");", "System.Globalization.CultureInfo.DefaultThreadCurrentCulture" },
        { "System.Globalization.CultureInfo.DefaultThreadCurrentUICulture", "System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = null;", "System.Globalization.CultureInfo.DefaultThreadCurrentUICulture" },
        { "System.Environment.*", "Environment.Exit(1);", "System.Environment.Exit" },
        { "System.Console.*", "var line = Console.ReadLine();", "System.Console.ReadLine" },
        { "System.Diagnostics", "System.Diagnostics.Debugger.Launch();", "System.Diagnostics" },
        { "System.Diagnostics.Process", "System.Diagnostics.Process.Start(\"sh\");", "System.Diagnostics.Process" },
        { "System.Threading", "var gate = new System.Threading.ManualResetEventSlim(); gate.Wait();", "System.Threading" },
        { "System.Threading.Thread", "new System.Threading.Thread(() => { while (true) { } }).Start();", "System.Threading.Thread" },
        { "System.Threading.ThreadPool", "System.Threading.ThreadPool.QueueUserWorkItem(_ => { while (true) { } });", "System.Threading.ThreadPool" },
        { "System.Threading.Timer", "var timer = new System.Threading.Timer(_ => { }, null, 0, 1);", "System.Threading.Timer" },
        { "System.Threading.Tasks", "System.Threading.Tasks.Task.Run(() => { while (true) { } });", "System.Threading.Tasks" },
        { "System.Timers", "var timer = new System.Timers.Timer(1);", "System.Timers" },
        { "System.Progress", "var progress = new Progress<int>(x => { while (true) { } });", "System.Progress" },
        { "System.Linq.ParallelEnumerable", "var sum = Enumerable.Range(0, 10).AsParallel().Sum();", "System.Linq.ParallelEnumerable" },
        { "System.Linq.ParallelQuery", "System.Linq.ParallelQuery<int> query = null;", "System.Linq.ParallelQuery" },
        { "System.Collections.Concurrent.BlockingCollection", "var queue = new System.Collections.Concurrent.BlockingCollection<int>(); queue.Take();", "System.Collections.Concurrent.BlockingCollection" },
        { "System.IO", "var secret = System.IO.File.ReadAllText(\"/etc/passwd\");", "System.IO" },
        { "System.Xml", "var document = System.Xml.Linq.XDocument.Load(\"/etc/hosts\");", "System.Xml" },
        { "System.Data", "var table = new System.Data.DataTable();", "System.Data" },
        { "System.Resources", "var reader = new System.Resources.ResourceReader(new System.IO.MemoryStream());", "System.Resources" },
        { "System.Net", "var client = new System.Net.Sockets.TcpClient();", "System.Net" },
        { "RpcLab", "RpcLab.Transports.Raw.Cluster.ProcedureGuard.Check();", "RpcLab" },
        { "unsafe code", "unsafe { var x = 1; int* p = &x; }", "unsafe code" },
        { "dynamic", "dynamic d = 1; d.Anything();", "dynamic" },
        { "async code", "members: static async void Later() { }", "async code" },
        { "a finalizer", "members: class Last { ~Last() { while (true) { } } }", "a finalizer" },
        { "extern", "members: [System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();", "extern" },
        { "stackalloc", "Span<byte> big = stackalloc byte[4000000];", "stackalloc of 4000000 bytes" },
        { "a value type built from a type parameter", "members: static int Grow<T>(int n, T value) => n == 0 ? 0 : Grow(n - 1, (value, value));", "(T, T) as a type argument" },
        { "a value type", "members: struct B { public long a, b, c, d, e, f, g, h, i, j; } struct C { public B a, b, c, d, e, f, g, h, i, j; } struct D { public C a, b; } static D Big() => default;", "P.D (1600 bytes)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_procedure_that_tries_it_is_refused_with_its_line_and_why(string rule, string attempt, string what)
    {
        var (source, line) = Procedure(attempt);

        var error = Assert.Throws<ProcedureException>(() => ProcedureCompiler.Compile("procedures/p.cs", source));

        var reason = ProcedureRules.Api.Concat(ProcedureRules.Language).First(r => r.Pattern == rule).Reason;
        Assert.Contains($"procedures/p.cs({line}): {what} is not allowed in a procedure: {reason}", error.Message);
    }

    [Fact]
    public void Every_rule_that_refuses_has_a_procedure_that_tries_it()
    {
        var refusing = ProcedureRules.Api.Concat(ProcedureRules.Language).Where(r => !r.Allowed).Select(r => r.Pattern);
        var tried = Refused.Select(row => (string)row[0]).ToHashSet();
        var untried = refusing.Except(tried).ToList();

        Assert.True(untried.Count == 0, $"rules without a procedure that tries them: {string.Join(", ", untried)}");
    }

    [Fact]
    public void Reflection_that_clears_the_guards_state_is_refused_at_compile_time()
    {
        const string source = """
            using System.Reflection;

            public static class Rpc1
            {
                public static int rpc1(int a, int b)
                {
                    var guard = Type.GetType("RpcLab.Transports.Raw.Cluster.ProcedureGuard, RpcLab.Transports.Raw.Cluster");
                    var state = guard.GetField("t_state", BindingFlags.NonPublic | BindingFlags.Static);
                    state.SetValue(null, null);
                    while (true) { }
                }
            }
            """;

        var error = Assert.Throws<ProcedureException>(() => ProcedureCompiler.Compile("rpc1_sum.cs", source));

        Assert.Contains("rpc1_sum.cs(7): System.Type.GetType is not allowed in a procedure: it could switch off the time limit", error.Message);
        Assert.Contains("rpc1_sum.cs(8): System.Reflection is not allowed in a procedure: it could switch off the time limit", error.Message);
        Assert.Contains("rpc1_sum.cs(9): System.Reflection is not allowed", error.Message);
    }

    [Fact]
    public void A_loop_built_from_expression_trees_is_refused_at_compile_time()
    {
        const string source = """
            using System.Linq.Expressions;

            public static class Rpc1
            {
                public static int rpc1(int a, int b)
                {
                    var end = Expression.Label();
                    var loop = Expression.Loop(Expression.Empty(), end);
                    Expression.Lambda<Action>(loop).Compile()();
                    return a + b;
                }
            }
            """;

        var error = Assert.Throws<ProcedureException>(() => ProcedureCompiler.Compile("rpc1_sum.cs", source));

        Assert.Contains("rpc1_sum.cs(7): System.Linq.Expressions is not allowed in a procedure: a compiled expression tree runs without the guard's checks", error.Message);
    }

    [Theory]
    [InlineData("Span<byte> buffer = stackalloc byte[4000000];", "stackalloc of 4000000 bytes")]
    [InlineData("var n = 16; Span<byte> buffer = stackalloc byte[n];", "stackalloc of a size known only at run time")]
    [InlineData("Span<int> a = stackalloc int[200]; Span<int> b = stackalloc int[100];", "stackalloc of 400 bytes (1200 in the file)")]
    public void A_stackalloc_that_could_overflow_the_stack_is_refused_at_compile_time(string attempt, string what)
    {
        var (source, line) = Procedure(attempt);

        var error = Assert.Throws<ProcedureException>(() => ProcedureCompiler.Compile("p.cs", source));

        Assert.Contains($"p.cs({line}): {what} is not allowed in a procedure: a procedure's thread has a 1 MiB stack", error.Message);
    }

    [Fact]
    public void A_type_of_the_procedures_own_in_the_nodes_namespace_is_refused_it_would_stand_in_for_the_guard()
    {
        const string source = """
            namespace RpcLab.Transports.Raw.Cluster
            {
                public static class ProcedureGuard { public static void Check() { } public static bool Stopping => false; }
            }

            public static class P { public static int f() { while (true) { } } }
            """;

        var error = Assert.Throws<ProcedureException>(() => ProcedureCompiler.Compile("p.cs", source));

        Assert.Contains("p.cs(1): declaring RpcLab.Transports.Raw.Cluster (RpcLab) is not allowed in a procedure", error.Message);
        Assert.Contains("p.cs(3): declaring RpcLab.Transports.Raw.Cluster.ProcedureGuard (RpcLab) is not allowed", error.Message);
    }

    [Fact]
    public void What_honest_procedures_use_still_compiles()
    {
        const string source = """
            using System.Diagnostics;
            using System.Globalization;
            using System.IO;
            using System.Text.RegularExpressions;
            using System.Threading;

            public static class Honest
            {
                private static int s_calls;
                private static readonly Lock Gate = new();
                private static readonly Dictionary<string, int> Cache = new();

                public static string run(int[] values)
                {
                    Interlocked.Increment(ref s_calls);
                    var clock = Stopwatch.StartNew();
                    Span<int> scratch = stackalloc int[16];
                    Span<byte> bytes = stackalloc byte[] { 1, 2, 3 };
                    var pair = (values.Length, values.Sum());
                    using var writer = new StringWriter(CultureInfo.InvariantCulture);
                    using var stream = new MemoryStream();
                    lock (Gate) { Cache[values.Length.ToString(CultureInfo.InvariantCulture)] = pair.Item2; }
                    try { throw new InvalidOperationException("x"); }
                    catch (Exception e) { writer.Write(e.GetType().Name); }
                    Console.WriteLine(Regex.IsMatch(writer.ToString(), "^Invalid") + Environment.NewLine);
                    return $"{pair.Item1} {pair.Item2} {scratch.Length + bytes.Length} {clock.ElapsedMilliseconds >= 0} {typeof(int).FullName}";
                }
            }
            """;

        var compiled = ProcedureCompiler.Compile("honest.cs", source);

        Assert.Equal("honest.cs", compiled.File);
    }

    // A class P with a method f whose body is the attempt (or, with "members: ", whose class holds it), and the attempt's line.
    private static (string Source, int Line) Procedure(string attempt)
    {
        const string members = "members: ";
        var source = attempt.StartsWith(members, StringComparison.Ordinal)
            ? $"// a procedure that tries it\npublic static class P\n{{\n    {attempt[members.Length..]}\n    public static int f() => 0;\n}}\n"
            : $"// a procedure that tries it\npublic static class P\n{{\n    public static int f()\n    {{\n        {attempt}\n        return 0;\n    }}\n}}\n";
        return (source, attempt.StartsWith(members, StringComparison.Ordinal) ? 4 : 6);
    }
}
