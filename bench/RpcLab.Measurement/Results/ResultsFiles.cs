namespace RpcLab.Measurement.Results;

/// <summary>
/// Where a run's results go and how: the CSV and its <see cref="RunInfo"/> sidecar, written together. The
/// folder layout <c>rpclab bench all</c> writes and <c>rpclab report</c> reads: results/load.csv,
/// results/h2load.csv, results/micro.csv, each with its .json. Thread-safe.
/// </summary>
public static class ResultsFiles
{
    public const string Folder = "results";

    public const string Load = "load.csv";

    public const string H2Load = "h2load.csv";

    public const string Micro = "micro.csv";

    /// <summary>Writes <paramref name="csv"/> to <paramref name="path"/> and <paramref name="info"/> beside it.</summary>
    public static async Task WriteAsync(string path, string csv, RunInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, csv, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(RunInfo.SidecarOf(path), info.ToJson(), cancellationToken).ConfigureAwait(false);
    }
}
