using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Services.Users;

namespace RpcLab.Tests.Services;

/// <summary>
/// The users service under a hostile client, as the probe of issue 20 attacked it: names and emails of megabytes,
/// more users than anyone needs, and records an older server stored before there were limits.
/// </summary>
public sealed class UserLimitsTests : IDisposable
{
    private static readonly string ThreeMegabytes = new('n', 3 * 1024 * 1024);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IUserStore NewStore(string kind) => UserStores.New(kind, _folder);

    [Theory]
    [InlineData(UserRules.Lab)]
    [InlineData(UserRules.OriginalCourseProject)]
    public async Task Megabyte_names_and_emails_are_invalid_argument_naming_the_field_and_the_limit_and_list_stays_small(UserRules rules)
    {
        // Arrange
        using var store = NewStore("sqlite");
        var users = new UserService(store, new ServiceOptions(), rules);

        // Act
        var errors = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => users.CreateAsync(ThreeMegabytes, "a@example.com")),
            await Assert.ThrowsAsync<RpcException>(() => users.CreateAsync(ThreeMegabytes, "b@example.com")),
            await Assert.ThrowsAsync<RpcException>(() => users.UpdateAsync("1", ThreeMegabytes, "a@example.com")),
        };
        var emailErrors = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => users.CreateAsync("Ann", ThreeMegabytes + "@example.com")),
            await Assert.ThrowsAsync<RpcException>(() => users.UpdateAsync("1", "Ann", ThreeMegabytes)),
        };
        var all = await users.ListAsync();

        // Assert
        Assert.All(errors.Concat(emailErrors), e => Assert.Equal(RpcStatusCode.InvalidArgument, e.Status));
        Assert.All(errors, e => Assert.StartsWith("name must be at most 200 characters", e.Detail, StringComparison.Ordinal));
        Assert.All(emailErrors, e => Assert.StartsWith("email must be at most 254 characters", e.Detail, StringComparison.Ordinal));
        Assert.All(errors.Concat(emailErrors), e => Assert.True(e.Detail.Length < 100, e.Detail));
        Assert.Equal([new User("1", "John Doe", "john.doe@example.com")], all);
    }

    [Fact]
    public async Task Lengths_up_to_the_limits_are_accepted_and_the_limits_are_options()
    {
        // Arrange
        using var store = new InMemoryUserStore();
        var users = new UserService(store, new ServiceOptions { MaxNameLength = 5, MaxEmailLength = 7 });

        // Act
        var atLimit = await users.CreateAsync("Annie", "a@b.com");
        var nameOver = await Assert.ThrowsAsync<RpcException>(() => users.CreateAsync("Annie!", "a@b.com"));
        var emailOver = await Assert.ThrowsAsync<RpcException>(() => users.UpdateAsync(atLimit.Id, "Ann", "ab@b.com"));

        // Assert
        Assert.Equal(new User("2", "Annie", "a@b.com"), atLimit);
        Assert.Equal("name must be at most 5 characters (this one has 6)", nameOver.Detail);
        Assert.Equal("email must be at most 7 characters (this one has 8)", emailOver.Detail);
    }

    [Theory]
    [MemberData(nameof(UserStores.Kinds), MemberType = typeof(UserStores))]
    public async Task A_full_store_is_resource_exhausted_and_a_delete_makes_room(string kind)
    {
        // Arrange: the seed user and two more fill a store of three.
        using var store = NewStore(kind);
        var users = new UserService(store, new ServiceOptions { MaxUsers = 3 });
        await users.CreateAsync("A", "a@x");
        var b = await users.CreateAsync("B", "b@x");

        // Act
        var full = await Assert.ThrowsAsync<RpcException>(() => users.CreateAsync("C", "c@x"));
        await users.DeleteAsync(b.Id);
        var c = await users.CreateAsync("C", "c@x");

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, full.Status);
        Assert.Equal("the server holds the most users it allows (3); delete one to create another", full.Detail);
        Assert.Equal(["1", "2", "4"], (await users.ListAsync()).Select(u => u.Id));
        Assert.Equal("4", c.Id);
    }

    [Theory]
    [MemberData(nameof(UserStores.Kinds), MemberType = typeof(UserStores))]
    public async Task Concurrent_creates_never_overfill_the_store(string kind)
    {
        // Arrange
        using var store = NewStore(kind);
        var users = new UserService(store, new ServiceOptions { MaxUsers = 10 });

        // Act
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                await users.CreateAsync($"user {i}", $"u{i}@example.com");
                return RpcStatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.Status;
            }
        })));

        // Assert
        Assert.Equal(9, outcomes.Count(s => s == RpcStatusCode.OK));
        Assert.Equal(31, outcomes.Count(s => s == RpcStatusCode.ResourceExhausted));
        Assert.Equal(10, (await users.ListAsync()).Length);
    }

    [Theory]
    [MemberData(nameof(UserStores.Kinds), MemberType = typeof(UserStores))]
    public async Task List_answers_at_most_the_limit_lowest_ids_first(string kind)
    {
        // Arrange: five users stored under a larger limit, then served under a limit of three.
        using var store = NewStore(kind);
        var generous = new UserService(store, new ServiceOptions { MaxUsers = 10 });
        for (var i = 0; i < 4; i++)
        {
            await generous.CreateAsync($"user {i}", $"u{i}@example.com");
        }

        var strict = new UserService(store, new ServiceOptions { MaxUsers = 3 });

        // Act
        var listed = await strict.ListAsync();
        var full = await Assert.ThrowsAsync<RpcException>(() => strict.CreateAsync("one more", "m@example.com"));

        // Assert
        Assert.Equal(["1", "2", "3"], listed.Select(u => u.Id));
        Assert.Equal(RpcStatusCode.ResourceExhausted, full.Status);
        Assert.Equal(5, (await generous.ListAsync()).Length);
    }

    [Fact]
    public async Task Oversized_records_an_older_server_stored_are_listed_cut_and_marked_and_can_be_mended()
    {
        // Arrange: an older server, without limits, stored two 3 MB names (the store itself validates nothing).
        var options = new ServiceOptions { DataDirectory = _folder.Path };
        using (var older = new SqliteUserStore(_folder.Combine(ServiceHost.UsersDatabaseFile)))
        {
            older.Create(ThreeMegabytes, "a@example.com", int.MaxValue);
            older.Create("Bob", ThreeMegabytes + "@example.com", int.MaxValue);
        }

        // Act: the server restarts with limits.
        await using var host = ServiceHost.Create(options);
        var users = host.Services.Users;
        var listed = await users.ListAsync();
        var read = await users.GetAsync("2");
        var original = await host.Services.OriginalUsers!.ListAsync();
        var mended = await users.UpdateAsync("2", "Ann", "ann@example.com");

        // Assert: every user is still listed, under its id; no field is over its limit; a cut one ends with "…".
        Assert.Equal(["1", "2", "3"], listed.Select(u => u.Id));
        Assert.Equal(new string('n', 199) + "…", listed[1].Name);
        Assert.Equal(("Bob", 254), (listed[2].Name, listed[2].Email.Length));
        Assert.EndsWith("…", listed[2].Email, StringComparison.Ordinal);
        Assert.Equal(listed[1], read);
        Assert.Equal(listed, original);
        Assert.Equal(new User("2", "Ann", "ann@example.com"), mended);
    }

    [Fact]
    public async Task Not_found_quotes_a_long_id_cut_short()
    {
        // Arrange
        using var store = new InMemoryUserStore();
        var users = new UserService(store);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => users.GetAsync(ThreeMegabytes));

        // Assert
        Assert.Equal(RpcStatusCode.NotFound, error.Status);
        Assert.Equal($"no user with id \"{new string('n', 39)}…\"", error.Detail);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        // Arrange: "a" and then emoji, each two UTF-16 characters.
        var text = "a" + string.Concat(Enumerable.Repeat("😀", 5));

        // Act
        var cut = Abbreviation.Cut(text, 5);

        // Assert: "a😀" and "…" (4 characters), not a lone high surrogate.
        Assert.Equal("a😀…", cut);
    }
}
