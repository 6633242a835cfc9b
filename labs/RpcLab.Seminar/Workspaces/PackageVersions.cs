using System.Xml.Linq;

namespace RpcLab.Seminar.Workspaces;

/// <summary>
/// RpcLab's central package versions (its Directory.Packages.props, copied beside rpclab.dll as
/// <see cref="FileName"/>), read when a workspace is written, so a student's workspace restores the very versions
/// RpcLab is built and tested with, and changing a version in RpcLab changes every workspace written after.
/// Immutable, thread-safe.
/// </summary>
public sealed class PackageVersions
{
    /// <summary>The name RpcLab's Directory.Packages.props has beside rpclab.dll.</summary>
    public const string FileName = "RpcLab.Directory.Packages.props";

    private readonly IReadOnlyDictionary<string, string> _versions;

    private PackageVersions(IReadOnlyDictionary<string, string> versions) => _versions = versions;

    /// <summary>Reads every <c>PackageVersion Include="..." Version="..."</c> of a Directory.Packages.props.</summary>
    public static PackageVersions Load(string path)
    {
        var document = XDocument.Load(path);
        var versions = document.Descendants("PackageVersion")
            .Where(e => e.Attribute("Include") is not null && e.Attribute("Version") is not null)
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase);
        return new PackageVersions(versions);
    }

    /// <summary>The version of <paramref name="package"/>, or null when RpcLab does not list it.</summary>
    public string? Find(string package) => _versions.TryGetValue(package, out var version) ? version : null;
}
