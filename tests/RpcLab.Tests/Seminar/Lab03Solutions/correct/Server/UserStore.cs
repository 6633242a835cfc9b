using System.Globalization;

namespace Lab3.Server;

/// <summary>
/// The users, in memory, starting with user 1. The rules of the service live here, and each broken rule is one of the
/// exceptions of Errors.cs; the store knows nothing of gRPC. Thread-safe: one lock around every read and write.
/// </summary>
public sealed class UserStore
{
    /// <summary>A user with this name makes the store fail as if its disk were full: an unexpected failure to practise on.</summary>
    public const string DiskFullName = "!disk-full";

    private readonly object _gate = new();
    private readonly SortedDictionary<int, User> _users = new() { [1] = new User { Id = "1", Name = "Ada Lovelace", Email = "ada@example.org" } };
    private int _lastId = 1;

    /// <summary>The user with <paramref name="id"/>; <see cref="UserNotFoundException"/> when there is none.</summary>
    public User Get(string id)
    {
        lock (_gate)
        {
            return Find(id)?.Clone() ?? throw new UserNotFoundException(id);
        }
    }

    /// <summary>Every user, in id order.</summary>
    public IReadOnlyList<User> List()
    {
        lock (_gate)
        {
            return [.. _users.Values.Select(u => u.Clone())];
        }
    }

    /// <summary>A new user with the next id.</summary>
    public User Create(string name, string email)
    {
        lock (_gate)
        {
            Validate(name, email);
            if (OwnerOf(email) is { } owner)
            {
                throw new DuplicateEmailException(email, owner.Id);
            }

            SimulateTheDisk(name);
            var user = new User { Id = (++_lastId).ToString(CultureInfo.InvariantCulture), Name = name, Email = email };
            _users[_lastId] = user;
            return user.Clone();
        }
    }

    /// <summary>Replaces the name and email of user <paramref name="id"/>; the same update twice leaves the same user.</summary>
    public User Update(string id, string name, string email)
    {
        lock (_gate)
        {
            var user = Find(id) ?? throw new UserNotFoundException(id);

            Validate(name, email);
            if (OwnerOf(email) is { } owner && owner != user)
            {
                throw new DuplicateEmailException(email, owner.Id);
            }

            SimulateTheDisk(name);
            user.Name = name;
            user.Email = email;
            return user.Clone();
        }
    }

    private static void Validate(string name, string email)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidFieldException("name", "a name is required");
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == email.Length - 1 || email.IndexOf('@', at + 1) >= 0)
        {
            throw new InvalidFieldException("email", $"'{email}' is not an email address (text@text)");
        }
    }

    private User? OwnerOf(string email) =>
        _users.Values.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));

    private User? Find(string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) && _users.TryGetValue(key, out var user) ? user : null;

    // A failure nobody planned for: its message names a server path, which no client should ever read.
    private static void SimulateTheDisk(string name)
    {
        if (name == DiskFullName)
        {
            throw new IOException("No space left on device: /var/lib/lab3/users.db");
        }
    }
}
