using RpcLab.Services.Users;

namespace RpcLab.Tests.Services;

/// <summary>The two user stores the users tests run against as theory data, each built fresh in the test's own folder.</summary>
public static class UserStores
{
    public static TheoryData<string> Kinds => ["memory", "sqlite"];

    public static IUserStore New(string kind, TempFolder folder) =>
        kind == "memory" ? new InMemoryUserStore() : new SqliteUserStore(folder.Combine("users.db"));
}
