using Microsoft.Data.Sqlite;
using RpcLab.Services.Contracts;

namespace RpcLab.Services.Users;

/// <summary>
/// Users in a SQLite file that survives restarts. The table's AUTOINCREMENT key is what keeps ids
/// in order and never reused after a delete. One connection, guarded by one lock: the calls are
/// tiny, and a single writer is what SQLite wants anyway. Thread-safe.
/// </summary>
public sealed class SqliteUserStore : IUserStore
{
    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;

    public SqliteUserStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // No pooling: Dispose must really close the file, so another host (or a test cleaning up its
        // folder) can open or delete it straight away.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            Initialize();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public User Create(string name, string email)
    {
        lock (_lock)
        {
            return Insert(name, email);
        }
    }

    public User? Get(long id)
    {
        lock (_lock)
        {
            using var command = Command("SELECT id, name, email FROM users WHERE id = $id", ("$id", id));
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }
    }

    public User? Update(long id, string name, string email)
    {
        lock (_lock)
        {
            using var command = Command(
                "UPDATE users SET name = $name, email = $email WHERE id = $id",
                ("$id", id), ("$name", name), ("$email", email));
            return command.ExecuteNonQuery() == 0 ? null : new User(UserIds.Format(id), name, email);
        }
    }

    public bool Delete(long id)
    {
        lock (_lock)
        {
            using var command = Command("DELETE FROM users WHERE id = $id", ("$id", id));
            return command.ExecuteNonQuery() > 0;
        }
    }

    public User[] List()
    {
        lock (_lock)
        {
            using var command = Command("SELECT id, name, email FROM users ORDER BY id");
            using var reader = command.ExecuteReader();
            var users = new List<User>();
            while (reader.Read())
            {
                users.Add(Read(reader));
            }

            return [.. users];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private void Initialize()
    {
        using var transaction = _connection.BeginTransaction();
        using (var exists = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'"))
        {
            exists.Transaction = transaction;
            if ((long)exists.ExecuteScalar()! > 0)
            {
                return;
            }
        }

        using (var create = Command(
            "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT NOT NULL)"))
        {
            create.Transaction = transaction;
            create.ExecuteNonQuery();
        }

        // Seeded only when the table is created: a store whose users were all deleted stays empty.
        using (var seed = Command(
            "INSERT INTO users (name, email) VALUES ($name, $email)", ("$name", SeedUser.Name), ("$email", SeedUser.Email)))
        {
            seed.Transaction = transaction;
            seed.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private User Insert(string name, string email)
    {
        using var command = Command(
            "INSERT INTO users (name, email) VALUES ($name, $email) RETURNING id",
            ("$name", name), ("$email", email));
        var id = (long)command.ExecuteScalar()!;
        return new User(UserIds.Format(id), name, email);
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static User Read(SqliteDataReader reader) =>
        new(UserIds.Format(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2));
}
