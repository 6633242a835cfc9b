using System.Globalization;
using RpcLab.Cli.Calls;
using RpcLab.Composition;
using RpcLab.Services.Errors;
using Spectre.Console;

namespace RpcLab.Cli.Menus;

/// <summary>
/// <c>rpclab client files</c>: the original RPyC file client's menu over any transport. Upload runs in the background
/// under an id ("check a pending id" shows its state and result, with a progress bar on a terminal while it runs), as
/// the original ran uploads through <c>rpyc.async_</c>; download shows a progress bar; rename, delete and list are
/// plain calls. Not thread-safe (one menu session).
/// </summary>
public sealed class FilesMenu(MenuContext context)
{
    public const string Title = "Files: what next?";

    private readonly List<PendingUpload> _pending = [];

    public IReadOnlyList<MenuItem> Items =>
    [
        new("upload a file (in the background)", "files.upload", UploadAsync),
        new("download a file", "files.download", DownloadAsync),
        new("rename a file", "files.rename", RenameAsync),
        new("delete a file", "files.delete", DeleteAsync),
        new("list files", "files.list", ListAsync),
        new("check a pending id", "files.upload", CheckAsync),
    ];

    private async Task UploadAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(await context.AskAsync("local file to upload:", cancellationToken).ConfigureAwait(false));
        var name = await context.AskAsync("name on the server:", cancellationToken, Path.GetFileName(path)).ConfigureAwait(false);
        var pending = PendingUpload.Start(context.Services.Files, path, name, cancellationToken);
        _pending.Add(pending);
        context.Say($"uploading {name} ({Size(pending.Size)}) in the background: id {pending.Id} (check it with 'check a pending id')");
    }

    private async Task DownloadAsync(CancellationToken cancellationToken)
    {
        var name = await context.AskAsync("name on the server:", cancellationToken).ConfigureAwait(false);
        var target = await context.AskAsync("save as:", cancellationToken, name).ConfigureAwait(false);
        var size = context.Interactive
            ? (await context.Services.Files.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Name == name)?.Size ?? 0
            : 0;
        var summary = await Transfers.RunAsync(context, $"download {name}", size, received =>
            DownloadWriter.SaveAsync(context.Services.Files.DownloadAsync(name, cancellationToken), target, received, cancellationToken)).ConfigureAwait(false);
        context.Say($"downloaded {name}: {Size(summary.Size)}, sha256 {summary.Sha256}, saved to {summary.SavedTo}");
    }

    private async Task RenameAsync(CancellationToken cancellationToken)
    {
        var name = await context.AskAsync("name on the server:", cancellationToken).ConfigureAwait(false);
        var newName = await context.AskAsync("new name:", cancellationToken).ConfigureAwait(false);
        var entry = await context.Services.Files.RenameAsync(name, newName, cancellationToken: cancellationToken).ConfigureAwait(false);
        context.Say($"renamed {name} to {entry.Name}");
    }

    private async Task DeleteAsync(CancellationToken cancellationToken)
    {
        var name = await context.AskAsync("name on the server:", cancellationToken).ConfigureAwait(false);
        await context.Services.Files.DeleteAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        context.Say($"deleted {name}");
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var files = await context.Services.Files.ListAsync(cancellationToken).ConfigureAwait(false);
        if (files.Length == 0)
        {
            context.Say("no files on the server");
            return;
        }

        var table = Ui.Table(context.Console).AddColumns("name", "size", "modified (UTC)", "sha256");
        table.Columns[1].RightAligned();
        foreach (var file in files)
        {
            table.AddRow(
                Markup.Escape(file.Name),
                file.Size.ToString("N0", CultureInfo.InvariantCulture),
                file.Modified.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                file.Sha256[..Math.Min(16, file.Sha256.Length)]);
        }

        context.Console.Write(table);
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            context.Say("no pending ids: upload a file first");
            return;
        }

        context.Say($"ids: {string.Join(", ", _pending.Select(p => p.Id))}");
        var id = await context.AskAsync("id:", cancellationToken, _pending[^1].Id).ConfigureAwait(false);
        var pending = _pending.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))
            ?? throw RpcException.NotFound($"no pending id '{id}' in this session");
        if (!pending.Upload.IsCompleted && context.Interactive)
        {
            await Transfers.FollowAsync(context, $"upload {pending.Name}", pending.Size, () => pending.Sent, pending.Upload, cancellationToken).ConfigureAwait(false);
        }

        var what = $"{pending.Id} (upload {pending.LocalPath} as {pending.Name})";
        if (!pending.Upload.IsCompleted)
        {
            context.Say($"{what}: Running, {Size(pending.Sent)} of {Size(pending.Size)} sent");
        }
        else if (pending.Upload.IsCompletedSuccessfully)
        {
            var entry = pending.Upload.Result;
            context.Say($"{what}: Done, {entry.Name} {Size(entry.Size)}, sha256 {entry.Sha256}");
        }
        else
        {
            context.Say($"{what}: Failed");
            await pending.Upload.ConfigureAwait(false); // its error, printed by the menu loop as any call's
        }
    }

    private static string Size(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
