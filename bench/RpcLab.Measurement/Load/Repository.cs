namespace RpcLab.Measurement.Load;

/// <summary>
/// Where the RpcLab checkout is: the folder holding RpcLab.sln above the running rpclab (or, failing that,
/// above the current folder). The benchmark project and the foreign peers live there. Thread-safe.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string?> FoundRoot = new(() => Find(AppContext.BaseDirectory) ?? Find(Environment.CurrentDirectory));

    /// <summary>The checkout's root, or null when rpclab runs outside one.</summary>
    public static string? Root => FoundRoot.Value;

    /// <summary>The checkout's root, or an error saying a checkout is needed for <paramref name="what"/>.</summary>
    public static string RequireRoot(string what) =>
        Root ?? throw new InvalidOperationException($"{what} needs the RpcLab source checkout (a folder with RpcLab.sln above rpclab or the current folder)");

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RpcLab.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
