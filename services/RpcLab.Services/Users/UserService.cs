using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Users;

/// <summary>
/// Users over an <see cref="IUserStore"/>: validates arguments and turns "no such user" into
/// NotFound. Names and emails are stored trimmed of surrounding white space; an email needs an '@'.
/// Thread-safe (the store is). The service does not own the store: its creator disposes it.
/// </summary>
public sealed class UserService : IUserService
{
    private readonly IUserStore _store;

    public UserService(IUserStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    public Task<User> CreateAsync(string name, string email, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (validName, validEmail) = Validate(name, email);
        return Task.FromResult(_store.Create(validName, validEmail));
    }

    public Task<User> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = UserIds.TryParse(id, out var key) ? _store.Get(key) : null;
        return Task.FromResult(user ?? throw NotFound(id));
    }

    public Task<User> UpdateAsync(string id, string name, string email, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (validName, validEmail) = Validate(name, email);
        var user = UserIds.TryParse(id, out var key) ? _store.Update(key, validName, validEmail) : null;
        return Task.FromResult(user ?? throw NotFound(id));
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!UserIds.TryParse(id, out var key) || !_store.Delete(key))
        {
            throw NotFound(id);
        }

        return Task.CompletedTask;
    }

    public Task<User[]> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.List());
    }

    private static (string Name, string Email) Validate(string? name, string? email)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw RpcException.InvalidArgument("name must not be empty");
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            throw RpcException.InvalidArgument("email must not be empty");
        }

        var trimmedEmail = email.Trim();
        if (!trimmedEmail.Contains('@', StringComparison.Ordinal))
        {
            throw RpcException.InvalidArgument($"email must contain '@': \"{trimmedEmail}\"");
        }

        return (name.Trim(), trimmedEmail);
    }

    private static RpcException NotFound(string? id) => RpcException.NotFound($"no user with id \"{id}\"");
}
