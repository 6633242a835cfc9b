namespace RpcLab.Measurement.Load;

/// <summary>Finds programs on PATH, as a shell would (the peers' runtimes, h2load). Stateless and thread-safe.</summary>
public static class SearchPath
{
    /// <summary>The full path of <paramref name="program"/> in the first PATH folder that has it, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
