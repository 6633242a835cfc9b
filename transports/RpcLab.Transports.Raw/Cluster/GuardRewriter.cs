using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// Rewrites a procedure's syntax so that it can be stopped (see <see cref="ProcedureGuard"/>): a check at the top of
/// every loop body, labelled statement (goto loops) and switch section (goto case loops); at the entry of every method,
/// constructor, operator, accessor, local function, lambda and anonymous method (recursion of any kind); and a filter
/// on every catch clause so that nothing the procedure catches can swallow the stop. Expression bodies become blocks
/// (<c>=&gt; x</c> becomes <c>{ check; return x; }</c>), for which the semantic model says whether a lambda returns
/// a value. Nothing is added on a new line, so compiler messages keep the author's line numbers. Lambdas converted to
/// expression trees are left alone (they are data, not code that runs). Not thread-safe: one per compilation.
/// </summary>
internal sealed class GuardRewriter(SemanticModel model) : CSharpSyntaxRewriter
{
    private const string Guard = "global::RpcLab.Transports.Raw.Cluster.ProcedureGuard";
    private static readonly StatementSyntax Check = SyntaxFactory.ParseStatement($"{Guard}.Check(); ");
    private static readonly ExpressionSyntax NotStopping = SyntaxFactory.ParseExpression($"!{Guard}.Stopping");

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node)
    {
        var visited = (LabeledStatementSyntax)base.VisitLabeledStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node)
    {
        var visited = (SwitchSectionSyntax)base.VisitSwitchSection(node)!;
        return visited.WithStatements(visited.Statements.Insert(0, Check));
    }

    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        var visited = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var condition = visited.Filter is { } filter
            ? SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression, NotStopping, SyntaxFactory.ParenthesizedExpression(filter.FilterExpression))
            : NotStopping;
        return visited.WithFilter(SyntaxFactory.CatchFilterClause(condition).WithLeadingTrivia(SyntaxFactory.Space));
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var returnsValue = ReturnsValue(model.GetDeclaredSymbol(node));
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        return visited.Body is { } body ? visited.WithBody(Entered(body))
            : visited.ExpressionBody is { } arrow ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow, returnsValue).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var returnsValue = ReturnsValue(model.GetDeclaredSymbol(node) as IMethodSymbol);
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited.Body is { } body ? visited.WithBody(Entered(body))
            : visited.ExpressionBody is { } arrow ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow, returnsValue).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var visited = (ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!;
        return visited.Body is { } body ? visited.WithBody(Entered(body))
            : visited.ExpressionBody is { } arrow ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow, returnsValue: false).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var visited = (OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!;
        return visited.Body is { } body ? visited.WithBody(Entered(body))
            : visited.ExpressionBody is { } arrow ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow, returnsValue: true).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
    {
        var visited = (ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!;
        return visited.Body is { } body ? visited.WithBody(Entered(body))
            : visited.ExpressionBody is { } arrow ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow, returnsValue: true).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var returnsValue = node.Keyword.IsKind(SyntaxKind.GetKeyword);
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        return visited.Body is { } body ? visited.WithBody(Entered(body))
            : visited.ExpressionBody is { } arrow ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow, returnsValue).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var visited = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia))
            : visited;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
        Lambda(node, base.VisitParenthesizedLambdaExpression(node)!);

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
        Lambda(node, base.VisitSimpleLambdaExpression(node)!);

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBody(Entered(visited.Block));
    }

    private SyntaxNode Lambda(AnonymousFunctionExpressionSyntax original, SyntaxNode visitedNode)
    {
        var visited = (AnonymousFunctionExpressionSyntax)visitedNode;
        if (IsExpressionTree(original))
        {
            return visited;
        }

        return visited.Block is { } block
            ? visited.WithBlock(Entered(block))
            : visited.WithExpressionBody(null).WithBlock(Block(visited.ExpressionBody!, ReturnsValue(model.GetSymbolInfo(original).Symbol as IMethodSymbol)));
    }

    private bool IsExpressionTree(AnonymousFunctionExpressionSyntax lambda) =>
        model.GetTypeInfo(lambda).ConvertedType is INamedTypeSymbol { Name: "Expression", ContainingNamespace: var ns }
        && ns.ToDisplayString() == "System.Linq.Expressions";

    // True when `=> x` must become `return x;` rather than `x;`: not void, and not an async method returning a bare Task.
    private static bool ReturnsValue(IMethodSymbol? method)
    {
        if (method is null || method.ReturnsVoid)
        {
            return false;
        }

        return !(method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
    }

    private static StatementSyntax Guarded(StatementSyntax statement) =>
        statement is BlockSyntax block ? Entered(block) : SyntaxFactory.Block(Check, statement);

    private static BlockSyntax Entered(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, Check));

    private static BlockSyntax Block(ArrowExpressionClauseSyntax arrow, bool returnsValue) => Block(arrow.Expression, returnsValue);

    private static BlockSyntax Block(ExpressionSyntax expression, bool returnsValue)
    {
        // The compiler reads the nodes, not the text; the spaces keep the text readable and reparsable all the same.
        var semicolon = SyntaxFactory.Token(SyntaxKind.SemicolonToken);
        StatementSyntax body = expression switch
        {
            ThrowExpressionSyntax thrown => SyntaxFactory.ThrowStatement(Keyword(SyntaxKind.ThrowKeyword), thrown.Expression, semicolon),
            _ when returnsValue => SyntaxFactory.ReturnStatement(Keyword(SyntaxKind.ReturnKeyword), expression, semicolon),
            _ => SyntaxFactory.ExpressionStatement(expression, semicolon),
        };
        return SyntaxFactory.Block(Check, body).WithLeadingTrivia(SyntaxFactory.Space);
    }

    private static SyntaxToken Keyword(SyntaxKind kind) => SyntaxFactory.Token(kind).WithTrailingTrivia(SyntaxFactory.Space);

    private static AccessorListSyntax Getter(ArrowExpressionClauseSyntax arrow) =>
        SyntaxFactory.AccessorList(SyntaxFactory.SingletonList(
            SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Block(arrow, returnsValue: true))));
}
