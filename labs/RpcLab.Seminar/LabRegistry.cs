namespace RpcLab.Seminar;

/// <summary>Every lab, in order. The one place a lab is added. Immutable, thread-safe.</summary>
public static class LabRegistry
{
    public static IReadOnlyList<ILab> All { get; } =
    [
        new Lab01FirstRpc(),
    ];

    public static ILab? Find(int number) => All.FirstOrDefault(l => l.Number == number);

    /// <summary>The folder the sheets and protos are copied to, beside rpclab.dll.</summary>
    public static string ContentRoot => AppContext.BaseDirectory;

    public static LabSheet LoadSheet(ILab lab) =>
        LabSheet.Load(Path.Combine(ContentRoot, "sheets", lab.SheetFile), Path.Combine(ContentRoot, "protos"));
}
