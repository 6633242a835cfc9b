namespace RpcLab.Services.Contracts;

/// <summary>
/// Users: create, read, update, delete, list. Ids are decimal strings assigned in order; an empty
/// store starts with user "1", "John Doe". Empty name or email: InvalidArgument; unknown id: NotFound.
/// Bounded, so no client can make a reply too large to send: a name or email longer than the server's limit is
/// InvalidArgument, a create when the server holds its most users is ResourceExhausted, and a list answers at most
/// that many users, lowest ids first (see <see cref="ServiceOptions.MaxUsers"/> and the limits beside it).
/// Implementations are thread-safe.
/// </summary>
public interface IUserService
{
    /// <summary>Not idempotent: each run creates another user, hence the optional <see cref="RequestId"/>.</summary>
    Task<User> CreateAsync(string name, string email, RequestId? requestId = null, CancellationToken cancellationToken = default);

    [Idempotent]
    Task<User> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Idempotent: it sets the values, so a second run finds them set and answers the same user.</summary>
    [Idempotent]
    Task<User> UpdateAsync(string id, string name, string email, CancellationToken cancellationToken = default);

    /// <summary>Not idempotent in its reply: a second run answers NotFound for a user the first deleted.</summary>
    Task DeleteAsync(string id, RequestId? requestId = null, CancellationToken cancellationToken = default);

    [Idempotent]
    Task<User[]> ListAsync(CancellationToken cancellationToken = default);
}

public sealed record User(string Id, string Name, string Email);
