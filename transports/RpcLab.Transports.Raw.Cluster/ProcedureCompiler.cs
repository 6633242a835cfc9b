using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// Compiles a shipped procedure file with Roslyn: checked as written (so errors point at the author's lines) against
/// what a procedure may not use (<see cref="ProcedurePolicy"/>, without <c>/unsafe</c>) and by the compiler, then
/// rewritten with the guard (<see cref="GuardRewriter"/>), emitted in memory and loaded in its own collectible
/// context. The file sees the framework's assemblies and the usual global usings (System, System.Collections.Generic,
/// System.Linq, System.Text). Thread-safe.
/// </summary>
internal static class ProcedureCompiler
{
    private const string GlobalUsings = "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Text;";
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    /// <summary>The SHA-256 of a file's text as UTF-8, lowercase hex: what the initializer and the servers compare.</summary>
    public static string Sha256(string source) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));

    /// <summary>Compiles and loads <paramref name="source"/>; <see cref="ProcedureException"/> with the refusals, or the compiler's messages, when it may not or does not compile.</summary>
    public static CompiledSource Compile(string file, string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: file);
        var usings = CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "global-usings.cs");
        var sha = Sha256(source);
        var compilation = CSharpCompilation.Create(
            $"procedure-{Path.GetFileNameWithoutExtension(file)}-{sha[..12]}",
            [tree, usings],
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: false,
                nullableContextOptions: NullableContextOptions.Disable));
        // Refused before the compiler's own errors: what may not run is the first thing to know, whatever else is wrong.
        var refusals = ProcedurePolicy.Check(file, compilation.GetSemanticModel(tree));
        if (refusals.Count > 0)
        {
            throw new ProcedureException(string.Join(Environment.NewLine, refusals));
        }

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ProcedureException($"{file} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Take(10).Select(e => e.ToString()))}");
        }

        var guarded = tree.WithRootAndOptions(new GuardRewriter(compilation.GetSemanticModel(tree)).Visit(tree.GetRoot()), tree.Options);
        compilation = compilation.ReplaceSyntaxTree(tree, guarded);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            // The author's code compiled; only the guard can have broken it. Say so rather than blame the author.
            throw new ProcedureException(
                $"{file} compiles as written but not with the time-limit guard (an RpcLab bug, please report it):{Environment.NewLine}"
                + string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        }

        image.Position = 0;
        var context = new ProcedureLoadContext(compilation.AssemblyName!);
        var assembly = context.LoadFromStream(image);
        return new CompiledSource(file, sha, context, assembly, guarded.GetText().ToString());
    }

    // The framework's own assemblies (those of this runtime, beside System.Private.CoreLib) and the guard's.
    private static MetadataReference[] LoadReferences()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator);
        return trusted
            .Where(p => string.Equals(Path.GetDirectoryName(p), runtime, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Append(typeof(ProcedureGuard).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
