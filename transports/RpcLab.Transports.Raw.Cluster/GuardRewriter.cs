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
    private static readonly StatementSyntax Check = SyntaxFactory.ParseStatement($"{Guard}.Check();");
    private static readonly ExpressionSyntax NotStopping = SyntaxFactory.ParseExpression($"!{Guard}.Stopping");

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node) =>
        Loop((WhileStatementSyntax)base.VisitWhileStatement(node)!, static n => n.Statement, static (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node) =>
        Loop((DoStatementSyntax)base.VisitDoStatement(node)!, static n => n.Statement, static (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node) =>
        Loop((ForStatementSyntax)base.VisitForStatement(node)!, static n => n.Statement, static (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) =>
        Loop((ForEachStatementSyntax)base.VisitForEachStatement(node)!, static n => n.Statement, static (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) =>
        Loop((ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!, static n => n.Statement, static (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node) =>
        Loop((LabeledStatementSyntax)base.VisitLabeledStatement(node)!, static n => n.Statement, static (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node)
    {
        var visited = (SwitchSectionSyntax)base.VisitSwitchSection(node)!;
        return visited.WithStatements(CheckFirst(visited.Statements));
    }

    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        var visited = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var condition = visited.Filter is { } filter
            ? SyntaxFactory.BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                NotStopping.WithTrailingTrivia(SyntaxFactory.Space),
                Keyword(SyntaxKind.AmpersandAmpersandToken),
                SyntaxFactory.ParenthesizedExpression(filter.FilterExpression))
            : NotStopping;

        // `catch (E e) when (!stopping && (their filter)) {`: the tokens before and after keep their own spacing.
        return visited.WithFilter(SyntaxFactory.CatchFilterClause(
            Keyword(SyntaxKind.WhenKeyword),
            SyntaxFactory.Token(SyntaxKind.OpenParenToken),
            condition,
            Keyword(SyntaxKind.CloseParenToken)));
    }

    // The semantic model answers for the original node, hence asked before (or beside) the visit of its children.
    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) =>
        Method(base.VisitMethodDeclaration(node)!, ReturnsValue(model.GetDeclaredSymbol(node)));

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
        Method(base.VisitConstructorDeclaration(node)!, returnsValue: false);

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) =>
        Method(base.VisitOperatorDeclaration(node)!, returnsValue: true);

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
        Method(base.VisitConversionOperatorDeclaration(node)!, returnsValue: true);

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var returnsValue = ReturnsValue(model.GetDeclaredSymbol(node) as IMethodSymbol);
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return Entered(visited, visited.Body, visited.ExpressionBody, visited.SemicolonToken, returnsValue, static (n, b) => n.WithExpressionBody(null).WithSemicolonToken(default).WithBody(b));
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        return Entered(visited, visited.Body, visited.ExpressionBody, visited.SemicolonToken, node.Keyword.IsKind(SyntaxKind.GetKeyword), static (n, b) => n.WithExpressionBody(null).WithSemicolonToken(default).WithBody(b));
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, visited.SemicolonToken))
            : visited;
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var visited = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, visited.SemicolonToken))
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

    // A loop's (or label's) statement with the check in front of it.
    private static T Loop<T>(T loop, Func<T, StatementSyntax> statement, Func<T, StatementSyntax, T> withStatement)
    {
        var body = statement(loop);
        return withStatement(loop, body is BlockSyntax block
            ? Entered(block)
            : Braced(body.WithoutTrailingTrivia()).WithTrailingTrivia(body.GetTrailingTrivia()));
    }

    private static SyntaxNode Method(SyntaxNode visited, bool returnsValue)
    {
        var method = (BaseMethodDeclarationSyntax)visited;
        return Entered(method, method.Body, method.ExpressionBody, method.SemicolonToken, returnsValue, static (n, b) => n.WithExpressionBody(null).WithSemicolonToken(default).WithBody(b));
    }

    // A body with the check first: a block gets it in front; `=> x;` becomes `{ check; return x; }` (the `;`'s line end kept).
    private static T Entered<T>(T member, BlockSyntax? body, ArrowExpressionClauseSyntax? arrow, SyntaxToken semicolon, bool returnsValue, Func<T, BlockSyntax, T> withBody) =>
        body is not null ? withBody(member, Entered(body))
        : arrow is not null ? withBody(member, Block(arrow.Expression, returnsValue).WithTrailingTrivia(semicolon.TrailingTrivia))
        : member;

    private static BlockSyntax Entered(BlockSyntax block) => block.WithStatements(CheckFirst(block.Statements));

    // The check goes where the first statement began (its line, its indentation, any comment before it), and the
    // statement follows on the same line: no line is added, so line numbers stay the author's.
    private static SyntaxList<StatementSyntax> CheckFirst(SyntaxList<StatementSyntax> statements) =>
        statements.Count == 0
            ? statements.Add(Check)
            : statements.Replace(statements[0], statements[0].WithLeadingTrivia(SyntaxFactory.Space))
                .Insert(0, Check.WithLeadingTrivia(statements[0].GetLeadingTrivia()));

    // `{ check; statement }` on one line.
    private static BlockSyntax Braced(StatementSyntax statement) =>
        SyntaxFactory.Block(
            Keyword(SyntaxKind.OpenBraceToken),
            SyntaxFactory.List([Check.WithTrailingTrivia(SyntaxFactory.Space), statement]),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space));

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
        return Braced(body);
    }

    private static SyntaxToken Keyword(SyntaxKind kind) => SyntaxFactory.Token(kind).WithTrailingTrivia(SyntaxFactory.Space);

    private static AccessorListSyntax Getter(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon) =>
        SyntaxFactory.AccessorList(
            Keyword(SyntaxKind.OpenBraceToken),
            SyntaxFactory.SingletonList(SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration)
                .WithKeyword(Keyword(SyntaxKind.GetKeyword))
                .WithBody(Block(arrow.Expression, returnsValue: true))),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space))
        .WithTrailingTrivia(semicolon.TrailingTrivia);
}
