using System.Globalization;
using System.Text.RegularExpressions;

namespace RpcLab.Seminar.Workspaces;

/// <summary>
/// <c>rpclab workspace N DIR</c>: writes lab N's starter project into DIR from its template folder
/// (<c>workspaces/labNN/</c> beside rpclab.dll, from labs/workspaces/ in the repository), filling each
/// <c>{{version:Package}}</c> with RpcLab's version of that package and each <c>{{proto:path}}</c> with that file of
/// RpcLab's protos/ (a workspace compiles RpcLab's own contract without pointing into the repository, and never a stale copy). A file that already exists is never overwritten,
/// so running it again after the student started work only adds what is missing. All placeholders are filled, and
/// an unknown one fails, before the first file is written: a template mistake never leaves half a workspace.
/// Stateless, thread-safe.
/// </summary>
public static partial class WorkspaceWriter
{
    private const string VersionPrefix = "version:";
    private const string ProtoPrefix = "proto:";

    /// <summary>The folder of the templates beside rpclab.dll.</summary>
    public static string TemplatesRoot => Path.Combine(LabCatalog.ContentRoot, "workspaces");

    /// <summary>The template folder of lab <paramref name="lab"/>: two digits, as labs/workspaces/lab01.</summary>
    public static string TemplateFolder(int lab) => Path.Combine(TemplatesRoot, string.Create(CultureInfo.InvariantCulture, $"lab{lab:00}"));

    /// <summary>Writes lab <paramref name="lab"/>'s workspace into <paramref name="target"/>; returns every file, written or kept, in path order.</summary>
    public static IReadOnlyList<WorkspaceFile> Write(int lab, string target) =>
        Write(TemplateFolder(lab), PackageVersions.Load(Path.Combine(LabCatalog.ContentRoot, PackageVersions.FileName)), target, lab);

    /// <summary>Writes the template in <paramref name="template"/> into <paramref name="target"/> with <paramref name="versions"/>.</summary>
    public static IReadOnlyList<WorkspaceFile> Write(string template, PackageVersions versions, string target, int lab = 0)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (!Directory.Exists(template))
        {
            throw new WorkspaceException($"lab {lab} has no workspace template (looked for {template})");
        }

        var files = Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(template, path), Source: path))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => (f.Relative, Text: Fill(File.ReadAllText(f.Source), versions, f.Relative, Path.GetFullPath(target))))
            .ToList();

        var result = new List<WorkspaceFile>(files.Count);
        foreach (var (relative, text) in files)
        {
            var path = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                // CreateNew: a file that exists, even one created a moment ago by someone else, is kept.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream);
                writer.Write(text);
                result.Add(new WorkspaceFile(relative, Written: true));
            }
            catch (IOException) when (File.Exists(path))
            {
                result.Add(new WorkspaceFile(relative, Written: false));
            }
        }

        return result;
    }

    /// <summary>
    /// <paramref name="text"/> with every placeholder filled: <c>{{version:Package}}</c>, <c>{{proto:rpclab/files.proto}}</c>
    /// (the text of that proto from <see cref="LabCatalog.ProtoRoot"/>), and <c>{{workspace}}</c> (the workspace's full path,
    /// so a README can give a command that works from RpcLab's folder). An unknown placeholder, package or proto is an
    /// error naming the file.
    /// </summary>
    public static string Fill(string text, PackageVersions versions, string file, string? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(versions);
        return Placeholder().Replace(text, match =>
        {
            var key = match.Groups["key"].Value;
            if (key == WorkspaceKey && workspace is not null)
            {
                return workspace;
            }

            if (key.StartsWith(ProtoPrefix, StringComparison.Ordinal))
            {
                var proto = key[ProtoPrefix.Length..];
                var path = Path.GetFullPath(Path.Combine(LabCatalog.ProtoRoot, proto));
                return path.StartsWith(Path.GetFullPath(LabCatalog.ProtoRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path)
                    ? File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd('\n')
                    : throw new WorkspaceException($"{file}: {match.Value} names a proto that is not in RpcLab's protos/ (rebuild rpclab: they are copied next to it)");
            }

            if (!key.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                throw new WorkspaceException($"{file}: unknown placeholder {match.Value} (the template knows {{{{version:Package}}}}, {{{{proto:path}}}} and {{{{workspace}}}})");
            }

            var package = key[VersionPrefix.Length..];
            return versions.Find(package)
                ?? throw new WorkspaceException($"{file}: {match.Value} names a package RpcLab's Directory.Packages.props does not list");
        });
    }

    private const string WorkspaceKey = "workspace";

    [GeneratedRegex(@"\{\{(?<key>[^{}]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
