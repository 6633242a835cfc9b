using System.Text;
using RpcLab.Composition;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Cli;

/// <summary>
/// <c>rpclab client</c> as a user drives it: through a pseudo-terminal (Spectre's prompts, arrow keys and Enter), and
/// through piped stdin (the numbered plain mode that scripts use). Each test stops its child process, even on failure.
/// </summary>
public sealed class ClientMenuTests : IDisposable
{
    private const string Down = "\u001b[B";
    private const string Enter = "\r";
    private static readonly string Transport = TransportRegistry.Default.Name;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rpclab-client-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static string Choose(int index) => string.Concat(Enumerable.Repeat(Down, index)) + Enter;

    [Fact]
    public async Task Files_menu_on_a_terminal_uploads_checks_lists_and_downloads()
    {
        Assert.True(ChildSession.HasScript, "util-linux's script is needed to make a pseudo-terminal");
        await using var server = await CliServer.StartAsync(Transport);
        var source = Path.Combine(_folder.FullName, "hello.txt");
        var copy = Path.Combine(_folder.FullName, "copy.txt");
        await File.WriteAllTextAsync(source, "hello over a terminal");
        await using var client = ChildSession.StartInTerminal(["client", "files", .. server.Endpoint]);

        await client.WaitForAsync("Files: what next");
        await client.SendAsync(Choose(0));
        await client.WaitForAsync("local file to upload:");
        await client.SendAsync(source + Enter);
        await client.WaitForAsync("name on the server:");
        await client.SendAsync(Enter);
        var id = (await client.WaitForAsync("in the background: id (upload-[0-9a-f]+)")).Groups[1].Value;

        await client.WaitForAsync("Files: what next");
        await client.SendAsync(Choose(5));
        await client.WaitForAsync("id:");
        await client.SendAsync(Enter);
        await client.WaitForAsync($"{id} \\(upload .*hello.txt as hello.txt\\): Done");

        await client.WaitForAsync("Files: what next");
        await client.SendAsync(Choose(4));
        await client.WaitForAsync("hello.txt.*21");

        await client.WaitForAsync("Files: what next");
        await client.SendAsync(Choose(1));
        await client.WaitForAsync("name on the server:");
        await client.SendAsync("hello.txt" + Enter);
        await client.WaitForAsync("save as:");
        await client.SendAsync(copy + Enter);
        await client.WaitForAsync("downloaded hello.txt: 21 bytes");

        await client.WaitForAsync("Files: what next");
        await client.SendAsync(Choose(6));
        await client.WaitForAsync("bye");

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Equal("hello over a terminal", await File.ReadAllTextAsync(copy));
    }

    [Fact]
    public async Task Files_menu_in_plain_mode_reads_numbered_choices_from_stdin_and_keeps_going_after_an_error()
    {
        await using var server = await CliServer.StartAsync(Transport);
        var source = Path.Combine(_folder.FullName, "plain.txt");
        var copy = Path.Combine(_folder.FullName, "plain-copy.txt");
        await File.WriteAllTextAsync(source, "plain words");
        await using var client = ChildSession.StartPiped(["client", "files", .. server.Endpoint]);

        await client.WaitForAsync("7\\) quit");
        await client.SendLineAsync("1");
        await client.SendLineAsync(source);
        await client.SendLineAsync("");
        await client.WaitForAsync("in the background: id upload-");
        await client.SendLineAsync("6");
        await client.SendLineAsync("");
        await client.WaitForAsync(": (Done|Running)");
        await client.SendLineAsync("2");
        await client.SendLineAsync("missing.txt");
        await client.SendLineAsync("");
        await client.WaitForAsync("error: NotFound: ");
        await Eventually.TrueAsync(async () => (await server.Services.Files.ListAsync()).Length == 1, "the upload to finish");
        await client.SendLineAsync("list");
        await client.WaitForAsync("plain.txt");
        await client.SendLineAsync("2");
        await client.SendLineAsync("plain.txt");
        await client.SendLineAsync(copy);
        await client.WaitForAsync("downloaded plain.txt: 11 bytes");
        await client.SendLineAsync("quit");

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Equal("plain words", await File.ReadAllTextAsync(copy));
        Assert.Equal("plain words", Encoding.UTF8.GetString(await Chunks.ReadAllAsync(server.Services.Files.DownloadAsync("plain.txt"))));
    }

    [Fact]
    public async Task Compute_menu_in_plain_mode_submits_a_job_and_checks_its_id()
    {
        await using var server = await CliServer.StartAsync(Transport);
        await using var client = ChildSession.StartPiped(["client", "compute", .. server.Endpoint]);

        await client.SendLineAsync("1");
        await client.SendLineAsync("40");
        await client.SendLineAsync("2");
        await client.WaitForAsync("sum: 42");
        await client.SendLineAsync("4");
        await client.SendLineAsync("10 9 1");
        await client.SendLineAsync("");
        var id = (await client.WaitForAsync("job id: ([a-z2-7]{26})")).Groups[1].Value;
        await client.SendLineAsync("5");
        await client.SendLineAsync(id);
        await client.WaitForAsync($"job {id} \\(sort\\): (Pending|Running|Done)");
        await client.SendLineAsync("quit");

        Assert.Equal(0, await client.ExitCodeAsync());
    }
}
