namespace RpcLab.Tests.Services;

/// <summary>
/// A fact that needs what only Unix has (FIFOs, sockets, symbolic links any user may make): skipped, saying why, on
/// Windows; with <see cref="NotAsRoot"/>, also when the tests run as root (who writes into a read-only folder anyway).
/// </summary>
/// <remarks>xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class UnixFactAttribute : FactAttribute
{
    private bool _notAsRoot;

    public UnixFactAttribute() => Skip = UnixOnly.SkipReason;

    /// <summary>True for a test of file permissions, which root does not obey.</summary>
    public bool NotAsRoot
    {
        get => _notAsRoot;
        set
        {
            _notAsRoot = value;
            Skip = UnixOnly.SkipReason ?? (value && UnixOnly.IsRoot ? "root ignores file permissions, so a read-only folder cannot be made" : null);
        }
    }
}
