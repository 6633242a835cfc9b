using RpcLab.Services.Contracts;

namespace RpcLab.Services.Users;

/// <summary>
/// Users in memory, gone when the process ends (tests, and servers without a data folder).
/// One lock guards the map and the id counter. Thread-safe. Every record it holds was written under the limits
/// in force, so it ignores the field limit of a read.
/// </summary>
public sealed class InMemoryUserStore : IUserStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, User> _users = [];
    private long _lastId;

    public InMemoryUserStore() => Create(SeedUser.Name, SeedUser.Email, maxUsers: int.MaxValue);

    public User? Create(string name, string email, int maxUsers)
    {
        lock (_lock)
        {
            if (_users.Count >= maxUsers)
            {
                return null;
            }

            var id = ++_lastId;
            var user = new User(UserIds.Format(id), name, email);
            _users.Add(id, user);
            return user;
        }
    }

    public User? Get(long id, int fieldLimit)
    {
        lock (_lock)
        {
            return _users.GetValueOrDefault(id);
        }
    }

    public User? Update(long id, string name, string email)
    {
        lock (_lock)
        {
            if (!_users.ContainsKey(id))
            {
                return null;
            }

            var user = new User(UserIds.Format(id), name, email);
            _users[id] = user;
            return user;
        }
    }

    public bool Delete(long id)
    {
        lock (_lock)
        {
            return _users.Remove(id);
        }
    }

    public User[] List(int maxUsers, int fieldLimit)
    {
        lock (_lock)
        {
            return [.. _users.Values.Take(maxUsers)];
        }
    }

    public void Dispose()
    {
    }
}
