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
    /// <summary>
    /// What a read selects: names and emails cut by SQLite itself to <c>$limit</c> characters, so a record written
    /// before the limits (a 3 MB name) is never copied out of the file whole.
    /// </summary>
    private const string Columns = "id, substr(name, 1, $limit), substr(email, 1, $limit)";

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

    public User? Create(string name, string email, int maxUsers)
    {
        lock (_lock)
        {
            // One statement: the count and the insert cannot be split by another writer of the same file.
            using var command = Command(
                "INSERT INTO users (name, email) SELECT $name, $email WHERE (SELECT count(*) FROM users) < $max RETURNING id",
                ("$name", name), ("$email", email), ("$max", maxUsers));
            return command.ExecuteScalar() is long id ? new User(UserIds.Format(id), name, email) : null;
        }
    }

    public User? Get(long id, int fieldLimit)
    {
        lock (_lock)
        {
            using var command = Command($"SELECT {Columns} FROM users WHERE id = $id", ("$id", id), ("$limit", fieldLimit));
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

    public User[] List(int maxUsers, int fieldLimit)
    {
        lock (_lock)
        {
            using var command = Command($"SELECT {Columns} FROM users ORDER BY id LIMIT $max", ("$max", maxUsers), ("$limit", fieldLimit));
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
