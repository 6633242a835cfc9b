using RpcLab.Transports.Rpyc.Original;

namespace RpcLab.Transports.Rpyc;

/// <summary>
/// The original RPyC course project's services, served as its rpyc ThreadedServers behaved (same method names,
/// argument orders, result strings and shapes) so that its unchanged menu clients work: part 1's file service
/// (port 12345), part 2's synchronising file service (23456, whose upload takes <c>update</c>), and part 3's
/// computation service (34567). The files live in the server's file service. Immutable, thread-safe.
/// </summary>
public static class OriginalContracts
{
    public static IReadOnlyList<OriginalContract> All { get; } =
    [
        new("files1", 12345, "part 1's FileServer: file_upload, file_delete, file_rename, download, show_files") { CreateRoot = c => new OriginalFileServer(c, withUpdate: false) },
        new("files2", 23456, "part 2's FileServer for folder sync: file_upload(data, name, update=False), file_delete, show_files") { CreateRoot = c => new OriginalFileServer(c, withUpdate: true) },
        new("compute", 34567, "part 3's ComputationalServer: find_sum, sort_array") { CreateRoot = c => new OriginalComputationalServer(c) },
    ];

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static OriginalContract Get(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown original contract '{name}'; known: {string.Join(", ", Names)}");
}
