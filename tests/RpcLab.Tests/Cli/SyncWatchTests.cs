using System.Text;
using RpcLab.Composition;
using RpcLab.Services.Contracts;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Cli;

/// <summary><c>sync --watch</c> against a real server, with a short interval (each test well under 15 s).</summary>
public sealed class SyncWatchTests : IDisposable
{
    private static readonly string Transport = TransportRegistry.Default.Name;
    private readonly DirectoryInfo _local = Directory.CreateTempSubdirectory("rpclab-watch-");

    public void Dispose() => _local.Delete(recursive: true);

    private string Local(string name) => Path.Combine(_local.FullName, name);

    private static string[] Watch(string folder, CliServer server) => ["sync", folder, "--watch", "--interval", "300ms", .. server.Endpoint];

    private static async Task<string?> ServerText(IFileService files, string name) =>
        (await files.ListAsync()).Any(f => f.Name == name) ? Encoding.UTF8.GetString(await Chunks.ReadAllAsync(files.DownloadAsync(name))) : null;

    private static async Task<string[]> ServerNames(IFileService files) => [.. (await files.ListAsync()).Select(f => f.Name)];

    [Fact]
    public async Task Added_changed_deleted_and_renamed_files_are_mirrored_and_others_are_left_alone()
    {
        await using var server = await CliServer.StartAsync(Transport);
        var files = server.Services.Files;
        await files.UploadAsync("theirs.txt", Chunks.Of("not ours"));
        await File.WriteAllTextAsync(Local("a.txt"), "one");
        await using var watch = CliRun.Start(Watch(_local.FullName, server));

        await Eventually.TrueAsync(async () => await ServerText(files, "a.txt") == "one", "a.txt uploaded", diagnostics: () => watch.Output + watch.Error);
        await File.WriteAllTextAsync(Local("b.txt"), "two");
        await Eventually.TrueAsync(async () => await ServerText(files, "b.txt") == "two", "b.txt added", diagnostics: () => watch.Output);
        await File.WriteAllTextAsync(Local("a.txt"), "one, changed");
        await Eventually.TrueAsync(async () => await ServerText(files, "a.txt") == "one, changed", "a.txt changed", diagnostics: () => watch.Output);
        File.Delete(Local("b.txt"));
        await Eventually.TrueAsync(async () => !(await ServerNames(files)).Contains("b.txt"), "b.txt deleted", diagnostics: () => watch.Output);
        File.Move(Local("a.txt"), Local("c.txt"));
        await Eventually.TrueAsync(async () => (await ServerNames(files)).SequenceEqual(["c.txt", "theirs.txt"]), "a.txt renamed to c.txt", diagnostics: () => watch.Output);

        Assert.True(await watch.StopAsync() == 0, watch.Output + watch.Error);
        Assert.Equal("one, changed", await ServerText(files, "c.txt"));
        Assert.Equal("not ours", await ServerText(files, "theirs.txt"));
        Assert.Matches(@"\d\d:\d\d:\d\d uploaded \d+.*, deleted \d+.*, unchanged \d+, waiting \d+", watch.Output);
        Assert.Contains("deleted 1 (b.txt)", watch.Output);
        Assert.EndsWith("stopped watching", watch.Output.TrimEnd());
    }

    [Fact]
    public async Task A_file_being_written_is_never_seen_half_written_on_the_server()
    {
        await using var server = await CliServer.StartAsync(Transport);
        var files = server.Services.Files;
        await using var watch = CliRun.Start(Watch(_local.FullName, server));
        var pieces = Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 1000)).ToArray();
        var whole = string.Concat(pieces);
        var seen = new List<string>();
        using var stopWatching = new CancellationTokenSource();
        var observer = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                if (await ServerText(files, "big.txt") is { } text)
                {
                    seen.Add(text);
                }

                await Task.Delay(30);
            }
        });

        await using (var writer = new FileStream(Local("big.txt"), FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            foreach (var piece in pieces)
            {
                await writer.WriteAsync(Encoding.UTF8.GetBytes(piece));
                await writer.FlushAsync();
                await Task.Delay(200);
            }
        }

        await Eventually.TrueAsync(async () => await ServerText(files, "big.txt") == whole, "big.txt uploaded once complete", diagnostics: () => watch.Output);
        await stopWatching.CancelAsync();
        await observer;

        Assert.All(seen, text => Assert.Equal(whole, text));
        Assert.Contains("waiting 1 (big.txt)", watch.Output);
    }

    [Fact]
    public async Task A_server_restart_mid_sync_loses_nothing()
    {
        var data = Directory.CreateTempSubdirectory("rpclab-watch-data-");
        try
        {
            var first = await CliServer.StartAsync(Transport, data.FullName);
            var port = int.Parse(first.Port, System.Globalization.CultureInfo.InvariantCulture);
            CliServer? second = null;
            await using var watch = CliRun.Start(Watch(_local.FullName, first));
            try
            {
                await File.WriteAllTextAsync(Local("a.txt"), "before");
                await Eventually.TrueAsync(async () => await ServerText(first.Services.Files, "a.txt") == "before", "a.txt uploaded", diagnostics: () => watch.Output);

                await first.DisposeAsync();
                await File.WriteAllTextAsync(Local("b.txt"), "while down");
                await File.WriteAllTextAsync(Local("a.txt"), "changed while down");
                await Eventually.TrueAsync(() => Task.FromResult(watch.Error.Contains("retrying next cycle")), "the watch to notice", diagnostics: () => watch.Output + watch.Error);

                second = await CliServer.StartAsync(Transport, data.FullName, port);
                var files = second.Services.Files;
                await Eventually.TrueAsync(
                    async () => await ServerText(files, "b.txt") == "while down" && await ServerText(files, "a.txt") == "changed while down",
                    "the changes made while the server was down",
                    diagnostics: () => watch.Output + watch.Error);

                // The files can be on the server before the cycle that put them there has printed its line.
                await Eventually.TrueAsync(() => Task.FromResult(watch.Output.Contains("is back", StringComparison.Ordinal)), "the cycle line saying the server is back", diagnostics: () => watch.Output + watch.Error);
                Assert.True(await watch.StopAsync() == 0, watch.Output + watch.Error);
                Assert.Equal(["a.txt", "b.txt"], await ServerNames(files));
            }
            finally
            {
                await first.DisposeAsync();
                if (second is not null)
                {
                    await second.DisposeAsync();
                }
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
