namespace RpcLab.Seminar;

/// <summary>
/// The labs: every sheet in the sheets folder copied beside rpclab.dll (<c>sheets/*.md</c>, except README.md), each
/// declaring itself in its front matter. There is no list to keep in step: a new sheet is a new lab. Sheets are read
/// on each call, so a rebuilt sheet shows at once. Thread-safe.
/// </summary>
public static class LabCatalog
{
    /// <summary>The folder the sheets and protos are copied to, beside rpclab.dll.</summary>
    public static string ContentRoot => AppContext.BaseDirectory;

    public static string SheetsFolder => Path.Combine(ContentRoot, "sheets");

    public static string ProtoRoot => Path.Combine(ContentRoot, "protos");

    /// <summary>The sheets' files, README.md (the format's description) left out.</summary>
    public static IReadOnlyList<string> SheetFiles =>
        Directory.Exists(SheetsFolder)
            ? Directory.GetFiles(SheetsFolder, "*.md").Where(f => !string.Equals(Path.GetFileName(f), "README.md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : throw new DirectoryNotFoundException($"no sheets folder at {SheetsFolder} (rebuild rpclab: the sheets are copied next to it)");

    /// <summary>Every lab, by number. A sheet that does not parse is an error naming its file, never a lab silently missing.</summary>
    public static IReadOnlyList<LabSheet> All => SheetFiles.Select(Load).OrderBy(s => s.Lab.Number).ToList();

    public static LabSheet? Find(int number) => All.FirstOrDefault(s => s.Lab.Number == number);

    public static LabSheet Load(string path) => LabSheet.Load(path, ProtoRoot);
}
