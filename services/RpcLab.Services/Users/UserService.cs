using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Users;

/// <summary>
/// Users over an <see cref="IUserStore"/>: validates arguments and turns "no such user" into
/// NotFound. Which arguments are valid is the <see cref="UserRules"/> it was built with: by default RpcLab's
/// own (names and emails stored trimmed of surrounding white space; an email needs an '@').
/// Under either rules the limits of <see cref="ServiceOptions"/> hold, because a hostile client is not bound by a
/// course's rules: a name or email over its length is InvalidArgument naming the field and the limit, a create
/// when the store is full is ResourceExhausted, and a list answers at most <see cref="ServiceOptions.MaxUsers"/>
/// users (lowest ids first), so no client can make users.list too large to send.
/// A record stored before these limits (a SQLite file written by an older server) is shown cut to the limit and
/// marked with "…" rather than skipped: the user stays listed under its id, so it can be seen, updated or deleted,
/// and no reply carries the oversized value.
/// Thread-safe (the store is). The service does not own the store: its creator disposes it.
/// </summary>
public sealed class UserService : IUserService
{
    /// <summary>How much of an unknown id NotFound quotes: every valid id (a long) fits, with room to spare.</summary>
    private const int MaxQuotedId = 40;

    private readonly IUserStore _store;
    private readonly UserRules _rules;
    private readonly UserLimits _limits;

    /// <param name="store">Where the users are kept; shared with other services is fine.</param>
    /// <param name="options">The limits (<see cref="ServiceOptions.MaxNameLength"/> and the others); null: the defaults.</param>
    /// <param name="rules">Which names and emails are valid besides the limits.</param>
    public UserService(IUserStore store, ServiceOptions? options = null, UserRules rules = UserRules.Lab)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _limits = new UserLimits(options ?? new ServiceOptions());
        _rules = rules;
    }

    public Task<User> CreateAsync(string name, string email, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (validName, validEmail) = Validate(name, email, creating: true);
        var user = _store.Create(validName, validEmail, _limits.MaxUsers)
            ?? throw RpcException.ResourceExhausted($"the server holds the most users it allows ({_limits.MaxUsers}); delete one to create another");
        return Task.FromResult(user);
    }

    public Task<User> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = UserIds.TryParse(id, out var key) ? _store.Get(key, _limits.ReadLimit) : null;
        return Task.FromResult(Shown(user ?? throw NotFound(id)));
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
        return Task.FromResult(_store.List(_limits.MaxUsers, _limits.ReadLimit).Select(Shown).ToArray());
    }

    /// <summary>The user as a reply shows it: a field over its limit (stored before the limit existed) cut and marked.</summary>
    private User Shown(User user) =>
        user.Name.Length <= _limits.MaxNameLength && user.Email.Length <= _limits.MaxEmailLength
            ? user
            : user with { Name = Abbreviation.Cut(user.Name, _limits.MaxNameLength), Email = Abbreviation.Cut(user.Email, _limits.MaxEmailLength) };

    private (string Name, string Email) Validate(string? name, string? email, bool creating)
    {
        if (_rules == UserRules.OriginalCourseProject)
        {
            return WithinLimits(ValidateAsTheOriginal(name, email, creating));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw RpcException.InvalidArgument("name must not be empty");
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            throw RpcException.InvalidArgument("email must not be empty");
        }

        // The lengths before the '@' rule, whose message quotes the email: an error must not echo megabytes back.
        var (trimmedName, trimmedEmail) = WithinLimits((name.Trim(), email.Trim()));
        if (!trimmedEmail.Contains('@', StringComparison.Ordinal))
        {
            throw RpcException.InvalidArgument($"email must contain '@': \"{trimmedEmail}\"");
        }

        return (trimmedName, trimmedEmail);
    }

    /// <summary>The pair unchanged, or InvalidArgument naming the field that is too long and its limit.</summary>
    private (string Name, string Email) WithinLimits((string Name, string Email) user)
    {
        if (user.Name.Length > _limits.MaxNameLength)
        {
            throw RpcException.InvalidArgument($"name must be at most {_limits.MaxNameLength} characters (this one has {user.Name.Length})");
        }

        if (user.Email.Length > _limits.MaxEmailLength)
        {
            throw RpcException.InvalidArgument($"email must be at most {_limits.MaxEmailLength} characters (this one has {user.Email.Length})");
        }

        return user;
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

    /// <summary>NotFound quoting the id, cut short: a malformed id can be as long as a client likes.</summary>
    private static RpcException NotFound(string? id) => RpcException.NotFound($"no user with id \"{Abbreviation.Cut(id ?? string.Empty, MaxQuotedId)}\"");
}
