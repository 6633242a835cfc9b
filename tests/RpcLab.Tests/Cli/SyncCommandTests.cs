namespace RpcLab.Tests.Cli;

public sealed class SyncCommandTests
{
    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Sync_uploads_new_and_changed_files_and_deletes_removed_ones(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);
        var folder = Directory.CreateTempSubdirectory("rpclab-sync-test-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "a.txt"), "one");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "b.txt"), "two");
            var first = await Cli.RunAsync(["sync", folder.FullName, .. server.Endpoint]);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "a.txt"), "one, changed");
            File.Delete(Path.Combine(folder.FullName, "b.txt"));

            var second = await Cli.RunAsync(["sync", folder.FullName, .. server.Endpoint]);
            var list = await Cli.RunAsync(["call", "files.list", .. server.Endpoint]);

            Assert.Equal(0, first.ExitCode);
            Assert.Contains("added    a.txt", first.OutputLines);
            Assert.Contains("added    b.txt", first.OutputLines);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("changed  a.txt", second.OutputLines);
            Assert.Contains("deleted  b.txt", second.OutputLines);
            Assert.EndsWith("1 changed, 1 deleted, 0 unchanged, 0 skipped", second.OutputLines[^1]);
            Assert.Contains("\"a.txt\"", list.Output);
            Assert.DoesNotContain("\"b.txt\"", list.Output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Missing_local_folder_is_an_error()
    {
        var result = await Cli.RunAsync(["sync", "/no/such/folder", "--transport", "inproc", "--port", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no local folder", result.Error);
    }
}
