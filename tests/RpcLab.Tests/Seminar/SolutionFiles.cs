namespace RpcLab.Tests.Seminar;

/// <summary>What the lab workspace fixtures share: copying a solution's files over a workspace, and removing it at the end.</summary>
public static class SolutionFiles
{
    /// <summary>Copies every file under <paramref name="from"/> to the same place under <paramref name="folder"/>, stamped now.</summary>
    public static void Overlay(string from, string folder)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);

            // A copy keeps its source's time, older than the last build's outputs: MSBuild would think it up to date.
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
        }
    }

    /// <summary>Deletes from <paramref name="folder"/> every file that <see cref="Overlay"/> of <paramref name="from"/> wrote there.</summary>
    public static void Remove(string from, string folder)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Delete(Path.Combine(folder, Path.GetRelativePath(from, file)));
        }
    }

    /// <summary>Deletes a workspace folder; a leftover in /tmp is harmless, so a failure to delete is ignored.</summary>
    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover in /tmp is harmless.
        }
    }
}
