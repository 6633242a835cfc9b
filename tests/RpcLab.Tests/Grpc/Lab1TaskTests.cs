using RpcLab.Seminar;
using RpcLab.Seminar.Workspaces;

namespace RpcLab.Tests.Grpc;

/// <summary>Lab 1's task works in a workspace of the student's own, and names files that the written workspace has.</summary>
public sealed class Lab1TaskTests
{
    [Fact]
    public void The_task_writes_a_workspace_and_names_only_files_the_template_has()
    {
        // Arrange
        var task = LabCatalog.Find(1)!.Section("Task");
        var template = WorkspaceWriter.TemplateFolder(1);

        // Assert
        Assert.Contains("./rpclab workspace 1 ~/lab1", task, StringComparison.Ordinal);
        Assert.DoesNotContain("50051", task, StringComparison.Ordinal);
        foreach (var file in new[] { "protos/lab1.proto", "Server/FirstRpcService.cs", "Client/Program.cs", "Server/Program.cs" })
        {
            Assert.Contains(file, task, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(template, file)), file);
        }
    }
}
