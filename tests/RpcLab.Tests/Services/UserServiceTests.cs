using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Services.Users;

namespace RpcLab.Tests.Services;

public sealed class UserServiceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IUserStore NewStore(string kind) => UserStores.New(kind, _folder);

    [Theory]
    [MemberData(nameof(UserStores.Kinds), MemberType = typeof(UserStores))]
    public async Task NewStore_IsSeededWithJohnDoe(string kind)
    {
        // Arrange
        using var store = NewStore(kind);
        var users = new UserService(store);

        // Act
        var user = await users.GetAsync("1");
        var all = await users.ListAsync();

        // Assert
        Assert.Equal(new User("1", "John Doe", "john.doe@example.com"), user);
        Assert.Equal([user], all);
    }

    [Theory]
    [MemberData(nameof(UserStores.Kinds), MemberType = typeof(UserStores))]
    public async Task Crud_CreateGetUpdateDeleteList(string kind)
    {
        // Arrange
        using var store = NewStore(kind);
        var users = new UserService(store);

        // Act
        var ada = await users.CreateAsync("Ada Lovelace", "ada@example.com");
        var alan = await users.CreateAsync("Alan Turing", "alan@example.com");
        var updated = await users.UpdateAsync(ada.Id, "Ada King", "ada.king@example.com");
        var read = await users.GetAsync(ada.Id);
        await users.DeleteAsync(alan.Id);
        var all = await users.ListAsync();

        // Assert
        Assert.Equal(("2", "3"), (ada.Id, alan.Id));
        Assert.Equal(new User("2", "Ada King", "ada.king@example.com"), updated);
        Assert.Equal(updated, read);
        Assert.Equal(["1", "2"], all.Select(u => u.Id));
        var error = await Assert.ThrowsAsync<RpcException>(() => users.GetAsync(alan.Id));
        Assert.Equal(RpcStatusCode.NotFound, error.Status);
    }

    [Theory]
    [MemberData(nameof(UserStores.Kinds), MemberType = typeof(UserStores))]
    public async Task Ids_AreNeverReusedAfterDelete(string kind)
    {
        // Arrange
        using var store = NewStore(kind);
        var users = new UserService(store);
        var first = await users.CreateAsync("A", "a@x");
        await users.DeleteAsync(first.Id);

        // Act
        var second = await users.CreateAsync("B", "b@x");

        // Assert
        Assert.Equal("2", first.Id);
        Assert.Equal("3", second.Id);
    }

    [Theory]
    [InlineData("", "a@example.com", "name")]
    [InlineData("   ", "a@example.com", "name")]
    [InlineData(null, "a@example.com", "name")]
    [InlineData("Ann", "", "email")]
    [InlineData("Ann", " \t", "email")]
    [InlineData("Ann", null, "email")]
    [InlineData("Ann", "ann.example.com", "'@'")]
    public async Task CreateAndUpdate_RejectInvalidNameOrEmail(string? name, string? email, string mentioned)
    {
        // Arrange
        using var store = new InMemoryUserStore();
        var users = new UserService(store);

        // Act
        var onCreate = await Assert.ThrowsAsync<RpcException>(() => users.CreateAsync(name!, email!));
        var onUpdate = await Assert.ThrowsAsync<RpcException>(() => users.UpdateAsync("1", name!, email!));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, onCreate.Status);
        Assert.Equal(RpcStatusCode.InvalidArgument, onUpdate.Status);
        Assert.Contains(mentioned, onCreate.Detail, StringComparison.Ordinal);
        Assert.Equal(new User("1", "John Doe", "john.doe@example.com"), await users.GetAsync("1"));
        Assert.Single(await users.ListAsync());
    }

    [Fact]
    public async Task Create_TrimsSurroundingWhiteSpace()
    {
        // Arrange
        using var store = new InMemoryUserStore();
        var users = new UserService(store);

        // Act
        var user = await users.CreateAsync("  Grace Hopper ", " grace@example.com\n");

        // Assert
        Assert.Equal(new User("2", "Grace Hopper", "grace@example.com"), user);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("01")]
    [InlineData(" 1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("99999999999999999999999")]
    public async Task UnknownOrMalformedId_IsNotFoundForEveryOperation(string? id)
    {
        // Arrange
        using var store = new InMemoryUserStore();
        var users = new UserService(store);

        // Act
        var errors = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => users.GetAsync(id!)),
            await Assert.ThrowsAsync<RpcException>(() => users.UpdateAsync(id!, "N", "n@x")),
            await Assert.ThrowsAsync<RpcException>(() => users.DeleteAsync(id!)),
        };

        // Assert
        Assert.All(errors, e => Assert.Equal(RpcStatusCode.NotFound, e.Status));
        Assert.Single(await users.ListAsync());
    }

    [Fact]
    public async Task Sqlite_UsersSurviveARestartOfTheHost()
    {
        // Arrange
        var options = new ServiceOptions { DataDirectory = _folder.Path };
        string createdId;
        await using (var first = ServiceHost.Create(options))
        {
            createdId = (await first.Services.Users.CreateAsync("Ada", "ada@example.com")).Id;
            await first.Services.Users.DeleteAsync("1");
        }

        // Act
        User[] afterRestart;
        User next;
        await using (var second = ServiceHost.Create(options))
        {
            afterRestart = await second.Services.Users.ListAsync();
            next = await second.Services.Users.CreateAsync("Bob", "bob@example.com");
        }

        // Assert: the deleted seed user is not re-seeded, and the counter carries on.
        Assert.True(File.Exists(_folder.Combine("users.db")));
        Assert.Equal([new User(createdId, "Ada", "ada@example.com")], afterRestart);
        Assert.Equal("3", next.Id);
    }

    [Theory]
    [MemberData(nameof(UserStores.Kinds), MemberType = typeof(UserStores))]
    public async Task ConcurrentCreates_GetDistinctConsecutiveIds(string kind)
    {
        // Arrange
        using var store = NewStore(kind);
        var users = new UserService(store);

        // Act
        var created = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => users.CreateAsync($"user {i}", $"u{i}@example.com"))));

        // Assert
        Assert.Equal(Enumerable.Range(2, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            created.Select(u => u.Id).Order());
        Assert.Equal(51, (await users.ListAsync()).Length);
    }
}
