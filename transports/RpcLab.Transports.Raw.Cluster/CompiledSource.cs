using System.Reflection;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One procedure file, compiled (with its guard) and loaded in its own collectible context. Several overloads may
/// come from the same file. <see cref="Unload"/> when no procedure uses it any more: calls still running in it keep
/// it alive until they return, then the runtime frees it. Thread-safe.
/// </summary>
internal sealed class CompiledSource
{
    private readonly ProcedureLoadContext _context;
    private readonly Assembly _assembly;

    public CompiledSource(string file, string sha256, ProcedureLoadContext context, Assembly assembly, string guardedText)
    {
        File = file;
        Sha256 = sha256;
        _context = context;
        _assembly = assembly;
        GuardedText = guardedText;
        Context = new WeakReference(context);
    }

    public string File { get; }

    public string Sha256 { get; }

    /// <summary>The source as compiled: the author's, with the guard's checks in it.</summary>
    public string GuardedText { get; }

    /// <summary>The load context, weakly: dead once unloaded and collected (what tests check).</summary>
    public WeakReference Context { get; }

    /// <summary>
    /// The public static method <paramref name="rpc"/> of a public static class whose parameters are
    /// <paramref name="args"/> and whose result is <paramref name="returns"/> (void: none; a tuple: one per element).
    /// Throws <see cref="ProcedureException"/> saying what the file has instead.
    /// </summary>
    public (MethodInfo Method, Signature Signature) Find(string rpc, IReadOnlyList<string> args, IReadOnlyList<string> returns)
    {
        var candidates = _assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name == rpc && !m.IsGenericMethodDefinition)
            .ToList();
        var described = new List<string>();
        foreach (var method in candidates)
        {
            if (!TrySignature(method, out var signature, out var problem))
            {
                described.Add(problem);
                continue;
            }

            if (!signature.TakesArguments(args))
            {
                described.Add(signature.Describe(rpc));
                continue;
            }

            if (!signature.GivesReturns(returns))
            {
                throw new ProcedureException($"{File}: init.yaml says {Signature.Describe(rpc, args, returns)}, but the C# method returns {RawTypes.Join(signature.ReturnNames)}");
            }

            return (method, signature);
        }

        throw new ProcedureException(
            $"{File} has no public static {Signature.Describe(rpc, args, returns)} in a public static class"
            + (described.Count == 0 ? string.Empty : $"; it has {string.Join("; ", described)}"));
    }

    public void Unload() => _context.Unload();

    private static bool TrySignature(MethodInfo method, out Signature signature, out string problem)
    {
        signature = null!;
        var returnType = method.ReturnType;
        var returnTypes = returnType == typeof(void) ? []
            : returnType.IsGenericType && returnType.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal) ? returnType.GetGenericArguments()
            : [returnType];
        var parameters = method.GetParameters();

        // Checked before RawTypes sees them: a type declared in the procedure's own file must not enter the
        // process-wide type cache, which would keep the collectible context alive for ever.
        if (parameters.Any(p => p.ParameterType.IsByRef || !IsProcedureType(p.ParameterType)) || !returnTypes.All(IsProcedureType))
        {
            problem = $"{method.Name}({string.Join(", ", parameters.Select(p => p.ParameterType.Name))}) -> {returnType.Name}, "
                + "which the protocol cannot carry: procedures take and return int, long, float (double), str, bool and arrays or Lists of them";
            return false;
        }

        signature = new Signature(parameters.Select(p => RawTypes.Of(p.ParameterType)).ToArray(), returnTypes.Select(RawTypes.Of).ToArray());
        problem = string.Empty;
        return true;
    }

    private static bool IsProcedureType(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(string) || type == typeof(bool)
        || type.IsArray && type.GetArrayRank() == 1 && IsProcedureType(type.GetElementType()!)
        || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && IsProcedureType(type.GetGenericArguments()[0]);
}
