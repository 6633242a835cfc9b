using RpcLab.Services.Contracts;

namespace RpcLab.Services.Users;

/// <summary>
/// Where <see cref="UserService"/> keeps users. Ids are positive integers assigned in increasing
/// order and never reused, even after a delete. A store that is created empty holds the seed user
/// 1, "John Doe". Arguments are already validated by the service. Implementations are thread-safe.
/// </summary>
/// <remarks>
/// The limits are arguments, not the store's configuration, because two services with different rules share one
/// store; the count is checked inside the store because only there is "count, then insert" one atomic step.
/// A read takes a field limit because a record stored before the limits existed may be megabytes long: a store may
/// cut a longer name or email to that many characters while reading, so such a record is never read whole (it never
/// cuts a field that is within the limit).
/// </remarks>
public interface IUserStore : IDisposable
{
    /// <summary>The new user, or null when the store already holds <paramref name="maxUsers"/> users.</summary>
    User? Create(string name, string email, int maxUsers);

    /// <summary>The user, or null when there is none with this id.</summary>
    User? Get(long id, int fieldLimit);

    /// <summary>The updated user, or null when there is none with this id.</summary>
    User? Update(long id, string name, string email);

    /// <summary>True when a user was deleted, false when there was none with this id.</summary>
    bool Delete(long id);

    /// <summary>The first <paramref name="maxUsers"/> users in id order.</summary>
    User[] List(int maxUsers, int fieldLimit);
}
