using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>What the guard does to a procedure's source: a check in every loop and body, a filter on every catch, and nothing else.</summary>
public sealed class GuardRewriterTests
{
    private const string Source = """
        public static class Shapes
        {
            public static int Loops(int[] values)
            {
                var total = 0;
                for (var i = 0; i < values.Length; i++) total += values[i];
                foreach (var v in values) { total += v; }
                while (total > 100) total -= 100;
                do { total++; } while (total < 3);
                again: if (total < 5) { total++; goto again; }
                switch (total) { case 5: total++; break; default: break; }
                try { total += Twice(total); } catch (Exception e) when (e.Message.Length > 0) { total = -1; }
                return total;
            }

            public static int Twice(int x) => Square(x) / x * 2;

            private static int Square(int x)
            {
                int Local(int y) => y * y;
                Func<int, int> lambda = y => y;
                return lambda(Local(x));
            }

            private static int Property => 1;

            public static void Nothing() => Console.Write("");
        }
        """;

    [Fact]
    public void The_guarded_source_keeps_its_lines_parses_cleanly_and_checks_every_loop_and_body()
    {
        var compiled = ProcedureCompiler.Compile("shapes.cs", Source);
        var guarded = compiled.GuardedText;
        var reparsed = CSharpSyntaxTree.ParseText(guarded);

        Assert.DoesNotContain(reparsed.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(Source.Split('\n').Length, guarded.Split('\n').Length);

        // 4 loops and the label, 2 switch sections, 4 methods, the local function, the lambda and the property getter.
        Assert.Equal(14, Count(guarded, "ProcedureGuard.Check()"));
        Assert.Contains("catch (Exception e) when (!global::RpcLab.Transports.Raw.Cluster.ProcedureGuard.Stopping && (e.Message.Length > 0)) { total = -1; }", guarded);
        Assert.Contains("return Square(x) / x * 2;", guarded);
        Assert.Contains("Console.Write(\"\"); }", guarded);
    }

    [Fact]
    public void A_file_that_does_not_compile_is_reported_at_the_authors_line()
    {
        var error = Assert.Throws<ProcedureException>(() => ProcedureCompiler.Compile("broken.cs", "public static class B\n{\n    public static int f() => 1 +;\n}\n"));

        Assert.Contains("broken.cs does not compile", error.Message);
        Assert.Contains("broken.cs(3,33): error CS1525", error.Message);
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
