using System.IO.Compression;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Seminar;

public sealed class SubmitTests
{
    [Fact]
    public async Task Submit_zips_the_transcripts_the_check_report_and_the_workspace_sources_without_build_output()
    {
        using var output = new TempFolder();
        using var workspace = new TempFolder();
        foreach (var name in new[] { "lab01-transcript.md", "lab01-server.md", "lab01-client.md", "lab01-answers.md", "lab01-check.md", "old.zip" })
        {
            await File.WriteAllTextAsync(output.Combine(name), name);
        }

        foreach (var path in new[] { "Server/Program.cs", "Server/bin/Release/Server.dll", "Server/obj/project.assets.json", "protos/lab1.proto", ".git/HEAD", "Client/Program.cs" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(workspace.Combine(path))!);
            await File.WriteAllTextAsync(workspace.Combine(path), path);
        }

        var result = await Cli.Cli.RunAsync(["submit", "1", "--out", output.Path, "--workspace", workspace.Path, "--student", "Ada Lovelace"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using var zip = ZipFile.OpenRead(output.Combine("lab01-Ada_Lovelace.zip"));
        Assert.Equal(
            ["lab01-answers.md", "lab01-check.md", "lab01-client.md", "lab01-server.md", "lab01-transcript.md", "workspace/Client/Program.cs", "workspace/Server/Program.cs", "workspace/protos/lab1.proto"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Contains("Ada Lovelace", zip.Comment);
    }

    [Fact]
    public async Task Submit_without_a_transcript_says_to_run_the_lab_first()
    {
        using var output = new TempFolder();

        var result = await Cli.Cli.RunAsync(["submit", "1", "--out", output.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rpclab lab 1 --out", result.Error);
    }
}
