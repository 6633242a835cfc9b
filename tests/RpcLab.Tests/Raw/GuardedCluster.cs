using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>
/// One node serving procedures that misbehave in every way the guard must stop (endless loops of each kind,
/// runaway recursion, a catch-all that would hide the stop, an allocation bomb, an exception whose message loops) and
/// some that behave, compiled once for the tests
/// that share it. Its time limit is a few seconds, so a test can see others being served meanwhile.
/// </summary>
public sealed class GuardedCluster : IAsyncLifetime
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(4);

    /// <summary>Below the default, so that the allocation bomb is stopped sooner.</summary>
    public const long MemoryLimit = 64L * 1024 * 1024;

    private const string Source = """
        // Procedures for the guard's tests.
        public static class Guarded
        {
            public static int spin() { while (true) { } }

            public static int swallow()
            {
                try { while (true) { } }
                catch (Exception) { return -1; }
            }

            public static int jump() { var n = 0; again: n++; goto again; }

            // Not in tail position: the JIT turns a call in tail position into a jump, and then the stack never grows.
            public static int deep(int n) => 1 + deep(n + 1);

            public static int deeplambda(int n)
            {
                Func<int, int> f = null;
                f = x => 1 + f(x + 1);
                return f(n);
            }

            public static int ok() => 1;

            public static int fib(int n) => n < 2 ? n : fib(n - 1) + fib(n - 2);

            public static (int, string) pair(int n) => (n, n.ToString());

            public static void nothing(string s) { }

            public static int total(List<int> values) => values.Sum();

            public static int fails(string why) => throw new InvalidOperationException(why);

            // Keeps every megabyte it allocates: without the memory limit it would take the machine's memory.
            public static int bomb()
            {
                var kept = new List<byte[]>();
                while (true) { kept.Add(new byte[1024 * 1024]); }
            }

            // A small constant stackalloc is allowed.
            public static int stack(int n)
            {
                Span<int> squares = stackalloc int[16];
                for (var i = 0; i < squares.Length; i++) { squares[i] = i * i; }
                return squares[n];
            }

            // Its message loops: read by the node on a thread of its own, it would spin there for ever.
            public static int sly() => throw new Sly();
        }

        public sealed class Sly : Exception
        {
            public override string Message { get { while (true) { } } }
        }
        """;

    private static readonly (string Rpc, string Args, string Returns)[] Rpcs =
    [
        ("spin", "[]", "[int]"),
        ("swallow", "[]", "[int]"),
        ("jump", "[]", "[int]"),
        ("deep", "[int]", "[int]"),
        ("deeplambda", "[int]", "[int]"),
        ("ok", "[]", "[int]"),
        ("fib", "[int]", "[int]"),
        ("pair", "[int]", "[int, str]"),
        ("nothing", "[str]", "[]"),
        ("total", "[\"List[int]\"]", "[int]"),
        ("fails", "[str]", "[int]"),
        ("bomb", "[]", "[int]"),
        ("stack", "[int]", "[int]"),
        ("sly", "[]", "[int]"),
    ];

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var yaml = $"""
            {TestCluster.OneServerNetwork}
            service:
              guard:
                providers: [s1]
                tenants: [c1]
                rpcs: [{string.Join(", ", Rpcs.Select(r => r.Rpc))}]
            rpc:
              guard:
            {string.Join("\n", Rpcs.Select(r => $"    {r.Rpc}:\n      args: {r.Args}\n      returns: {r.Returns}\n      src: guard.cs"))}
            """;
        Cluster = await TestCluster.StartAsync(
            new Dictionary<string, string> { ["init.yaml"] = yaml, ["guard.cs"] = Source },
            ["s1"],
            new ClusterNodeOptions { TimeLimit = TimeLimit, MemoryLimit = MemoryLimit });
        var init = Assert.Single(await Cluster.InitAsync());
        Assert.Null(init.Error);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
