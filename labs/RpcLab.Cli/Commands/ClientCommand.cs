using System.CommandLine;
using RpcLab.Cli.Menus;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using Spectre.Console;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab client files|compute|users</c>: interactive menus over any transport, in the manner of the original RPyC
/// course project's clients. On a terminal they are Spectre prompts; when stdin or stdout is not a terminal (a script, a
/// pipe, a test) they are numbered lines read from stdin, since Spectre's prompts need a terminal to draw on.
/// </summary>
public static class ClientCommand
{
    private const string PlainHelp =
        "When stdin is not a terminal (or with --plain), the menu is printed numbered and read from stdin one line at a time: " +
        "a choice's number (or its first words), then one line per question (empty takes the default in brackets). " +
        "'quit', the end of the input or Ctrl+C ends it; e.g. printf '5\\n7\\n' | rpclab client files --port 50051 lists the files, then quits.";

    public static Command Create()
    {
        var command = new Command("client", "Interactive menus on a running server: files, compute or users (like the RPyC course project's clients). " + PlainHelp);
        command.Subcommands.Add(Menu("files", "Upload (in the background, with an id to check), download, rename, delete and list files; check a pending id.",
            context => (FilesMenu.Title, new FilesMenu(context).Items)));
        command.Subcommands.Add(Menu("compute", "Add and sort, directly or as jobs (asynchronous, with the server's job id, an optional delay); check a job id.",
            context => (ComputeMenu.Title, new ComputeMenu(context).Items)));
        command.Subcommands.Add(Menu("users", "Create, get, update, delete and list users.",
            context => (UsersMenu.Title, new UsersMenu(context).Items)));
        return command;
    }

    private static Command Menu(string name, string description, Func<MenuContext, (string Title, IReadOnlyList<MenuItem> Items)> menu)
    {
        var endpoint = new EndpointOptions();
        var plain = new Option<bool>("--plain") { Description = "Numbered menus read line by line from stdin even on a terminal." };
        var command = new Command(name, $"{description} {PlainHelp}");
        endpoint.AddTo(command);
        command.Options.Add(plain);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            endpoint.GetTransport(parseResult),
            new ClientOptions { Host = endpoint.GetHost(parseResult), Port = endpoint.GetPort(parseResult) },
            name,
            menu,
            parseResult.GetValue(plain),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        IRpcTransport transport,
        ClientOptions options,
        string name,
        Func<MenuContext, (string Title, IReadOnlyList<MenuItem> Items)> menu,
        bool plain,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        if (options.Port == 0)
        {
            await error.WriteLineAsync($"error: the {transport.Name} transport has no well-known port; say which with --port").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var interactive = !plain && !Console.IsInputRedirected && Ui.IsTerminal(output);
        var console = Ui.Create(output);
        IMenuPrompt prompt = interactive ? new SpectrePrompt(console) : new LinePrompt(Console.In, console);
        try
        {
            await using var client = await transport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            console.WriteLine(
                $"rpclab {name} client on the {transport.Name} server at {ListeningLine.HostPort(options.Host, options.Port)}" +
                (interactive ? " (arrows and Enter, or type to search; Ctrl+C or quit to leave)" : " (one line per choice; quit or end of input to leave)"));
            var context = new MenuContext(console, error, prompt, interactive, client.Services);
            var (title, items) = menu(context);
            await MenuLoop.RunAsync(context, title, items, cancellationToken).ConfigureAwait(false);
            console.WriteLine("bye");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var rpc = RpcErrors.ToRpcException(e);
            await error.WriteLineAsync($"error: {rpc.Status}: {rpc.Detail}").ConfigureAwait(false);
            if (ConnectionHint.For(rpc.Status, transport, options) is { } hint)
            {
                await error.WriteLineAsync(hint).ConfigureAwait(false);
            }

            return ExitCodes.ForStatus(rpc.Status);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok; // Ctrl+C, whether it surfaced as a cancellation or as the transport's Cancelled error
        }
    }
}
