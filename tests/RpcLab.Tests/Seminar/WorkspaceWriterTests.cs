using RpcLab.Seminar.Workspaces;

namespace RpcLab.Tests.Seminar;

/// <summary>The workspace writer: RpcLab's versions filled in, unknown placeholders refused before anything is written, nothing overwritten.</summary>
public sealed class WorkspaceWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rpclab-ws-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Lab_1s_workspace_gets_rpclabs_package_versions_and_points_nowhere_into_rpclab()
    {
        // Arrange
        var versions = PackageVersions.Load(Path.Combine(AppContext.BaseDirectory, PackageVersions.FileName));

        // Act
        var files = WorkspaceWriter.Write(1, _root);

        // Assert
        Assert.All(files, f => Assert.True(f.Written, f.RelativePath));
        Assert.Contains(files, f => f.RelativePath == Path.Combine("protos", "lab1.proto"));
        var packages = File.ReadAllText(Path.Combine(_root, "Directory.Packages.props"));
        Assert.Contains($"Include=\"Grpc.AspNetCore\" Version=\"{versions.Find("Grpc.AspNetCore")}\"", packages, StringComparison.Ordinal);
        Assert.Contains($"Include=\"Google.Protobuf\" Version=\"{versions.Find("Google.Protobuf")}\"", packages, StringComparison.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(Path.Combine(_root, file.RelativePath));
            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            Assert.DoesNotContain("RpcLab.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("../../", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Writing_again_keeps_every_existing_file_and_writes_only_the_missing_ones()
    {
        // Arrange
        WorkspaceWriter.Write(1, _root);
        var service = Path.Combine(_root, "Server", "FirstRpcService.cs");
        File.WriteAllText(service, "// the student's work");
        File.Delete(Path.Combine(_root, "README.md"));

        // Act
        var files = WorkspaceWriter.Write(1, _root);

        // Assert
        Assert.Equal("// the student's work", File.ReadAllText(service));
        Assert.Equal([Path.Combine("README.md")], files.Where(f => f.Written).Select(f => f.RelativePath));
    }

    [Fact]
    public void An_unknown_placeholder_fails_before_any_file_is_written()
    {
        // Arrange
        var template = Path.Combine(_root, "template");
        Directory.CreateDirectory(template);
        File.WriteAllText(Path.Combine(template, "a.txt"), "fine");
        File.WriteAllText(Path.Combine(template, "b.txt"), "{{version:No.Such.Package}}");
        var versions = PackageVersions.Load(Path.Combine(AppContext.BaseDirectory, PackageVersions.FileName));
        var target = Path.Combine(_root, "out");

        // Act
        var error = Assert.Throws<WorkspaceException>(() => WorkspaceWriter.Write(template, versions, target));
        var other = Assert.Throws<WorkspaceException>(() => WorkspaceWriter.Fill("{{lab}}", versions, "c.txt"));

        // Assert
        Assert.Contains("b.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("No.Such.Package", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown placeholder {{lab}}", other.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Lab_4s_workspace_compiles_rpclabs_own_files_proto_copied_in_whole_and_a_proto_outside_protos_is_refused()
    {
        // Arrange
        var versions = PackageVersions.Load(Path.Combine(AppContext.BaseDirectory, PackageVersions.FileName));

        // Act
        WorkspaceWriter.Write(4, _root);
        var outside = Assert.Throws<WorkspaceException>(() => WorkspaceWriter.Fill("{{proto:../sheets/README.md}}", versions, "x.proto"));
        var missing = Assert.Throws<WorkspaceException>(() => WorkspaceWriter.Fill("{{proto:rpclab/nothing.proto}}", versions, "y.proto"));

        // Assert
        var proto = File.ReadAllText(Path.Combine(_root, "protos", "rpclab", "files.proto"));
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "protos", "rpclab", "files.proto")).ReplaceLineEndings("\n").TrimEnd('\n') + "\n", proto);
        Assert.Contains("rpc Upload (stream UploadChunk) returns (FileEntry);", proto, StringComparison.Ordinal);
        Assert.Contains($"Include=\"Grpc.Net.Client\" Version=\"{versions.Find("Grpc.Net.Client")}\"", File.ReadAllText(Path.Combine(_root, "Directory.Packages.props")), StringComparison.Ordinal);
        Assert.Contains("x.proto", outside.Message, StringComparison.Ordinal);
        Assert.Contains("names a proto that is not in RpcLab's protos/", missing.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
