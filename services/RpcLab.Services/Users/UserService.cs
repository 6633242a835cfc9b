using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Users;

/// <summary>
/// Users over an <see cref="IUserStore"/>: validates arguments and turns "no such user" into
/// NotFound. Which arguments are valid is the <see cref="UserRules"/> it was built with: by default RpcLab's
/// own (names and emails stored trimmed of surrounding white space; an email needs an '@').
/// Thread-safe (the store is). The service does not own the store: its creator disposes it.
/// </summary>
public sealed class UserService : IUserService
{
    private readonly IUserStore _store;
    private readonly UserRules _rules;

    public UserService(IUserStore store, UserRules rules = UserRules.Lab)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _rules = rules;
    }

    public Task<User> CreateAsync(string name, string email, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (validName, validEmail) = Validate(name, email, creating: true);
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
        var (validName, validEmail) = Validate(name, email, creating: false);
        var user = UserIds.TryParse(id, out var key) ? _store.Update(key, validName, validEmail) : null;
        return Task.FromResult(user ?? throw NotFound(id));
    }

    public Task DeleteAsync(string id, RequestId? requestId = null, CancellationToken cancellationToken = default)
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

    private (string Name, string Email) Validate(string? name, string? email, bool creating)
    {
        if (_rules == UserRules.OriginalCourseProject)
        {
            return ValidateAsTheOriginal(name, email, creating);
        }

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

    private static (string Name, string Email) ValidateAsTheOriginal(string? name, string? email, bool creating)
    {
        if (creating && string.IsNullOrEmpty(name))
        {
            throw RpcException.InvalidArgument("name must not be empty");
        }

        if (creating && string.IsNullOrEmpty(email))
        {
            throw RpcException.InvalidArgument("email must not be empty");
        }

        return (name ?? string.Empty, email ?? string.Empty);
    }

    private static RpcException NotFound(string? id) => RpcException.NotFound($"no user with id \"{id}\"");
}
