namespace RpcLab.Services.Users;

/// <summary>
/// The validation rules a <see cref="UserService"/> applies. Two services with different rules may share one
/// <see cref="IUserStore"/>, so a user created under one set is seen under the other.
/// </summary>
public enum UserRules
{
    /// <summary>RpcLab's own contract: name and email must not be blank, an email needs an '@', both are stored trimmed.</summary>
    Lab,

    /// <summary>
    /// The original course project's user service, as its server behaved: create refuses an empty name or email,
    /// update stores whatever it is given (its own client sends an email without '@'), nothing is trimmed.
    /// </summary>
    OriginalCourseProject,
}
