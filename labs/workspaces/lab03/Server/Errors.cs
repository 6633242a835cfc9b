namespace Lab3.Server;

// The users service's own failures, thrown by UserStore. They say what went wrong in the service's words and know
// nothing of gRPC or HTTP: ErrorInterceptor decides which status each becomes, in one place.

/// <summary>No user has this id.</summary>
public sealed class UserNotFoundException(string id) : Exception($"no user has id '{id}'")
{
    public string Id { get; } = id;
}

/// <summary>A field of a request is missing or malformed: <see cref="Field"/> names it, the message says why.</summary>
public sealed class InvalidFieldException(string field, string why) : Exception($"{field}: {why}")
{
    public string Field { get; } = field;
}

/// <summary>Another user already has this email.</summary>
public sealed class DuplicateEmailException(string email, string owner) : Exception($"email '{email}' is already used by user {owner}")
{
    public string Email { get; } = email;
}
