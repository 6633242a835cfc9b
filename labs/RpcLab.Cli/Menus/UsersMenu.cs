using RpcLab.Composition;
using RpcLab.Services.Contracts;
using Spectre.Console;

namespace RpcLab.Cli.Menus;

/// <summary><c>rpclab client users</c>: create, read, update, delete and list users over any transport. Not thread-safe (one menu session).</summary>
public sealed class UsersMenu(MenuContext context)
{
    public const string Title = "Users: what next?";

    public IReadOnlyList<MenuItem> Items =>
    [
        new("create a user", "users.create", CreateAsync),
        new("get a user", "users.get", GetAsync),
        new("update a user", "users.update", UpdateAsync),
        new("delete a user", "users.delete", DeleteAsync),
        new("list users", "users.list", ListAsync),
    ];

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var name = await context.AskAsync("name:", cancellationToken).ConfigureAwait(false);
        var email = await context.AskAsync("email:", cancellationToken).ConfigureAwait(false);
        Show("created", await context.Services.Users.CreateAsync(name, email, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    private async Task GetAsync(CancellationToken cancellationToken)
    {
        var id = await context.AskAsync("id:", cancellationToken).ConfigureAwait(false);
        Show("user", await context.Services.Users.GetAsync(id, cancellationToken).ConfigureAwait(false));
    }

    private async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var id = await context.AskAsync("id:", cancellationToken).ConfigureAwait(false);
        var current = await context.Services.Users.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var name = await context.AskAsync("name:", cancellationToken, current.Name).ConfigureAwait(false);
        var email = await context.AskAsync("email:", cancellationToken, current.Email).ConfigureAwait(false);
        Show("updated", await context.Services.Users.UpdateAsync(id, name, email, cancellationToken).ConfigureAwait(false));
    }

    private async Task DeleteAsync(CancellationToken cancellationToken)
    {
        var id = await context.AskAsync("id:", cancellationToken).ConfigureAwait(false);
        await context.Services.Users.DeleteAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        context.Say($"deleted user {id}");
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var users = await context.Services.Users.ListAsync(cancellationToken).ConfigureAwait(false);
        var table = Ui.Table(context.Console).AddColumns("id", "name", "email");
        foreach (var user in users)
        {
            table.AddRow(Markup.Escape(user.Id), Markup.Escape(user.Name), Markup.Escape(user.Email));
        }

        context.Console.Write(table);
    }

    private void Show(string what, User user) => context.Say($"{what}: {user.Id} {user.Name} <{user.Email}>");
}
