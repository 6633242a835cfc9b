namespace RpcLab.Services.Users;

/// <summary>
/// The user every new store starts with: the original course client reads user 1 before it has
/// created anyone, so an empty server must already answer that call.
/// </summary>
public static class SeedUser
{
    public const string Name = "John Doe";

    public const string Email = "john.doe@example.com";
}
