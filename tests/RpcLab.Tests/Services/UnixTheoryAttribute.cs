namespace RpcLab.Tests.Services;

/// <summary>The theory form of <see cref="UnixFactAttribute"/>: every row skipped, saying why, on Windows.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute() => Skip = UnixOnly.SkipReason;
}
