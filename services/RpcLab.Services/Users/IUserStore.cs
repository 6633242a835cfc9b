using RpcLab.Services.Contracts;

namespace RpcLab.Services.Users;

/// <summary>
/// Where <see cref="UserService"/> keeps users. Ids are positive integers assigned in increasing
/// order and never reused, even after a delete. A store that is created empty holds the seed user
/// 1, "John Doe". Arguments are already validated by the service. Implementations are thread-safe.
/// </summary>
public interface IUserStore : IDisposable
{
    User Create(string name, string email);

    /// <summary>The user, or null when there is none with this id.</summary>
    User? Get(long id);

    /// <summary>The updated user, or null when there is none with this id.</summary>
    User? Update(long id, string name, string email);

    /// <summary>True when a user was deleted, false when there was none with this id.</summary>
    bool Delete(long id);

    /// <summary>All users in id order.</summary>
    User[] List();
}
