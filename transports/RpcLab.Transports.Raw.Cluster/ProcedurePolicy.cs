using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// Applies <see cref="ProcedureRules"/> to a procedure's source as written, from Roslyn's semantic model: every name is
/// judged by the symbol it binds to and every expression by its type (with its type arguments and element types), so
/// <c>var f = t.GetField(...)</c> is refused for its type even where no name says reflection; the constructs the rules
/// name (unsafe code, stackalloc, async, finalizers, extern, dynamic) are refused from the syntax, and value types by
/// their size (a large one, or one built from a type parameter that generic code could grow without end). A type or namespace
/// the procedure declares in a denied namespace is refused too: a class of its own named like the guard would stand in
/// for it. Each refusal names the file, the line and what is refused, once per line. Not thread-safe: one per check.
/// </summary>
internal sealed class ProcedurePolicy : CSharpSyntaxWalker
{
    private const int MaxRefusals = 10;
    private readonly string _file;
    private readonly SemanticModel _model;
    private readonly List<string> _refusals = [];
    private readonly HashSet<(int Line, string What)> _seen = [];
    private readonly Dictionary<ITypeSymbol, long> _sizes = new(SymbolEqualityComparer.Default);
    private long _stackBytes;

    private ProcedurePolicy(string file, SemanticModel model)
        : base(SyntaxWalkerDepth.Token)
    {
        _file = file;
        _model = model;
    }

    /// <summary>The refusals for the file of <paramref name="model"/> (at most ten), each <c>file(line): what is not allowed in a procedure: why</c>; empty when it may compile.</summary>
    public static IReadOnlyList<string> Check(string file, SemanticModel model)
    {
        var policy = new ProcedurePolicy(file, model);
        policy.Visit(model.SyntaxTree.GetRoot());
        return policy._refusals;
    }

    public override void Visit(SyntaxNode? node)
    {
        switch (node)
        {
            case ExpressionSyntax expression:
                Expression(expression);
                break;
            case BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                Declared(node);
                break;
        }

        base.Visit(node);
    }

    public override void VisitToken(SyntaxToken token)
    {
        // Contextual keywords count only where they are keywords: a variable named async is no async method.
        switch (token.Kind())
        {
            case SyntaxKind.UnsafeKeyword or SyntaxKind.FixedKeyword:
                Refuse(token.GetLocation(), ProcedureRules.Unsafe);
                break;
            case SyntaxKind.AsyncKeyword:
                Refuse(token.GetLocation(), ProcedureRules.Async);
                break;
            case SyntaxKind.ExternKeyword:
                Refuse(token.GetLocation(), ProcedureRules.Extern);
                break;
        }

        base.VisitToken(token);
    }

    public override void VisitDestructorDeclaration(DestructorDeclarationSyntax node)
    {
        Refuse(node.TildeToken.GetLocation(), ProcedureRules.Finalizer);
        base.VisitDestructorDeclaration(node);
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        if (node.Type is ArrayTypeSyntax { RankSpecifiers: [{ Sizes: [var size] }, ..] } array)
        {
            long? count = size is OmittedArraySizeExpressionSyntax ? node.Initializer?.Expressions.Count
                : _model.GetConstantValue(size) is { HasValue: true, Value: { } value } ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
                : null;
            StackAlloc(node, _model.GetTypeInfo(array.ElementType).Type, count);
        }
        else
        {
            StackAlloc(node, element: null, count: null);
        }

        base.VisitStackAllocArrayCreationExpression(node);
    }

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        var element = _model.GetTypeInfo(node).Type switch
        {
            INamedTypeSymbol { TypeArguments: [var t] } => t,
            IPointerTypeSymbol pointer => pointer.PointedAtType,
            _ => null,
        };
        StackAlloc(node, element, node.Initializer.Expressions.Count);
        base.VisitImplicitStackAllocArrayCreationExpression(node);
    }

    // A name by what it binds to (every candidate, when binding failed: the strict reading); any expression by its type.
    private void Expression(ExpressionSyntax node)
    {
        if (node is SimpleNameSyntax)
        {
            var info = _model.GetSymbolInfo(node);
            if (info.Symbol is { } symbol)
            {
                Symbol(node, symbol);
            }
            else
            {
                foreach (var candidate in info.CandidateSymbols)
                {
                    Symbol(node, candidate);
                }
            }
        }

        if (_model.GetTypeInfo(node).Type is { } type)
        {
            Type(node, type);
        }
    }

    private void Symbol(SyntaxNode node, ISymbol symbol)
    {
        switch (symbol)
        {
            case IAliasSymbol alias:
                Symbol(node, alias.Target);
                break;
            case INamespaceSymbol ns:
                // `using System.Threading;` is fine for Interlocked: a namespace is refused only when nothing in it is allowed.
                if (ProcedureRules.For(ns) is { Allowed: false } rule && !ProcedureRules.AllowsSomethingIn(ns.ToDisplayString()))
                {
                    Refuse(node.GetLocation(), rule);
                }

                break;
            case ITypeSymbol type:
                Type(node, type);
                break;
            case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol:
                var member = symbol is IMethodSymbol method ? (method.ReducedFrom ?? method).OriginalDefinition : symbol.OriginalDefinition;
                if (ProcedureRules.For(member) is { Allowed: false } denied)
                {
                    // `System.Type.*` refuses members one by one: name the one used.
                    Refuse(node.GetLocation(), denied, denied.Pattern.EndsWith(".*", StringComparison.Ordinal) ? $"{denied.Pattern[..^1]}{member.Name}" : null);
                }

                if (symbol is IMethodSymbol { TypeArguments: var arguments })
                {
                    TypeArguments(node, arguments);
                }

                break;
        }
    }

    private void Type(SyntaxNode node, ITypeSymbol type)
    {
        switch (type)
        {
            case { TypeKind: TypeKind.Dynamic }:
                Refuse(node.GetLocation(), ProcedureRules.DynamicType);
                break;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                Refuse(node.GetLocation(), ProcedureRules.Unsafe);
                break;
            case IArrayTypeSymbol array:
                Type(node, array.ElementType);
                break;
            case INamedTypeSymbol named:
                if (ProcedureRules.For(named.OriginalDefinition) is { Allowed: false } rule)
                {
                    Refuse(node.GetLocation(), rule);
                }

                TypeArguments(node, named.TypeArguments);
                if (named.IsValueType && Size(named) is var size && size > ProcedureRules.MaxStackBytes)
                {
                    Refuse(node.GetLocation(), ProcedureRules.LargeValue, string.Create(CultureInfo.InvariantCulture, $"{Display(named)} ({size} bytes)"));
                }

                break;
        }
    }

    private void TypeArguments(SyntaxNode node, IEnumerable<ITypeSymbol> arguments)
    {
        foreach (var argument in arguments)
        {
            Type(node, argument);

            // T? is the one struct over T that cannot nest (no T??), so it cannot grow.
            if (argument is INamedTypeSymbol { IsValueType: true } built && built.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T && BuiltFromTypeParameter(built))
            {
                Refuse(node.GetLocation(), ProcedureRules.GrowingValue, $"{Display(built)} as a type argument");
            }
        }
    }

    private static bool BuiltFromTypeParameter(INamedTypeSymbol type) =>
        type.TypeArguments.Any(a => a is ITypeParameterSymbol || (a is INamedTypeSymbol named && BuiltFromTypeParameter(named)))
        || (type.ContainingType is { } outer && BuiltFromTypeParameter(outer));

    // A type as its author wrote it, cut short: a tuple of tuples can fill a screen.
    private static string Display(ITypeSymbol type)
    {
        var text = type.ToDisplayString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    // A namespace or type the procedure declares, judged by its name as if it were referenced: `namespace RpcLab...`
    // would put a ProcedureGuard of the procedure's own where the rewriter's calls bind.
    private void Declared(SyntaxNode node)
    {
        if (_model.GetDeclaredSymbol(node) is not { } symbol || ProcedureRules.For(symbol) is not { Allowed: false } rule)
        {
            return;
        }

        var name = node switch
        {
            BaseNamespaceDeclarationSyntax ns => ns.Name.GetLocation(),
            BaseTypeDeclarationSyntax type => type.Identifier.GetLocation(),
            DelegateDeclarationSyntax d => d.Identifier.GetLocation(),
            _ => node.GetLocation(),
        };
        Refuse(name, rule, $"declaring {symbol.ToDisplayString()} ({rule.Pattern})");
    }

    // stackalloc: a constant number of primitive elements, and all of the file's together within the limit. Between two
    // guard checks each stackalloc runs at most once (loops, labels and calls all check), so that bound holds at run time.
    private void StackAlloc(SyntaxNode node, ITypeSymbol? element, long? count)
    {
        var size = element is null ? null : PrimitiveSize(element);
        if (count is null)
        {
            Refuse(node.GetLocation(), ProcedureRules.StackAlloc, "stackalloc of a size known only at run time");
        }
        else if (size is null)
        {
            Refuse(node.GetLocation(), ProcedureRules.StackAlloc, $"stackalloc of {element?.ToDisplayString() ?? "an unknown type"}");
        }
        else
        {
            var bytes = count.Value * size.Value;
            _stackBytes += bytes;
            if (_stackBytes > ProcedureRules.MaxStackBytes)
            {
                Refuse(node.GetLocation(), ProcedureRules.StackAlloc, string.Create(
                    CultureInfo.InvariantCulture,
                    $"stackalloc of {bytes} bytes{(_stackBytes > bytes ? $" ({_stackBytes} in the file)" : string.Empty)}"));
            }
        }
    }

    // What a value of the type takes on the stack, from its instance fields (a reference counts 8). An estimate, but
    // never a small one for a large struct: nested structs, tuples and generic structs of structs all add up.
    private long Size(ITypeSymbol type)
    {
        if (PrimitiveSize(type) is { } primitive)
        {
            return primitive;
        }

        if (!type.IsValueType || type is not INamedTypeSymbol named)
        {
            return 8;
        }

        if (_sizes.TryGetValue(named, out var known))
        {
            return known;
        }

        _sizes[named] = 8; // a layout cycle does not compile anyway; this only stops the recursion
        long total = 0;
        foreach (var field in named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            total = Math.Min(total + Size(field.Type), int.MaxValue);
        }

        var size = Math.Max(total, 1);
        _sizes[named] = size;
        return size;
    }

    private static long? PrimitiveSize(ITypeSymbol type) => type switch
    {
        INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } => PrimitiveSize(underlying),
        _ => type.SpecialType switch
        {
            SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte => 1,
            SpecialType.System_Char or SpecialType.System_Int16 or SpecialType.System_UInt16 => 2,
            SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single => 4,
            SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double or SpecialType.System_IntPtr or SpecialType.System_UIntPtr => 8,
            SpecialType.System_Decimal => 16,
            _ => null,
        },
    };

    private void Refuse(Location location, ProcedureRule rule, string? what = null)
    {
        what ??= rule.Pattern;
        var line = location.GetLineSpan().StartLinePosition.Line + 1;
        if (_refusals.Count < MaxRefusals && _seen.Add((line, what)))
        {
            _refusals.Add(string.Create(CultureInfo.InvariantCulture, $"{_file}({line}): {what} is not allowed in a procedure: {rule.Reason}"));
        }
    }
}
