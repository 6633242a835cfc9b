using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Grpc.Fakes;

/// <summary>In-memory users starting with "1", "John Doe", as the contract says. Thread-safe (one lock).</summary>
internal sealed class FakeUserService : IUserService
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, User> _users = new() { [1] = new User("1", "John Doe", "john@example.com") };
    private int _lastId = 1;

    public Task<User> CreateAsync(string name, string email, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        Validate(name, email);
        lock (_lock)
        {
            var id = ++_lastId;
            var user = new User(id.ToString(System.Globalization.CultureInfo.InvariantCulture), name, email);
            _users[id] = user;
            return Task.FromResult(user);
        }
    }

    public Task<User> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_users[Key(id)]);
        }
    }

    public Task<User> UpdateAsync(string id, string name, string email, CancellationToken cancellationToken = default)
    {
        Validate(name, email);
        lock (_lock)
        {
            var key = Key(id);
            var user = _users[key] with { Name = name, Email = email };
            _users[key] = user;
            return Task.FromResult(user);
        }
    }

    public Task DeleteAsync(string id, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _users.Remove(Key(id));
            return Task.CompletedTask;
        }
    }

    public Task<User[]> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_users.Values.ToArray());
        }
    }

    private static void Validate(string name, string email)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(email))
        {
            throw RpcException.InvalidArgument("name and email must not be empty");
        }
    }

    /// <summary>Call with the lock held.</summary>
    private int Key(string id) =>
        int.TryParse(id, out var key) && _users.ContainsKey(key) ? key : throw RpcException.NotFound($"user '{id}' not found");
}
