using RpcLab.Services.Errors;

namespace RpcLab.Services.Files;

/// <summary>
/// The one place that decides what a file name may be: a plain name inside the server folder, so
/// that no name can reach outside it or collide with the service's own temporary files.
/// Stateless and thread-safe.
/// </summary>
public static class FileNames
{
    /// <summary>The longest name allowed, in UTF-16 characters (255 is what common file systems allow per name).</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// The longest name allowed in UTF-8 bytes, which is what Linux and macOS file systems count: 200 'ü' pass the
    /// character limit but are 400 bytes, which the server's file system would refuse with an error naming its path.
    /// </summary>
    public const int MaxUtf8Bytes = 255;

    /// <summary>Uploads in progress are written to files with this prefix; such names are reserved and never listed.</summary>
    public const string TemporaryPrefix = ".upload-";

    /// <summary>Why <paramref name="name"/> is not a valid file name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a file name must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"a file name must be at most {MaxLength} characters (this one has {name.Length})";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) is var bytes and > MaxUtf8Bytes)
        {
            return $"a file name must be at most {MaxUtf8Bytes} bytes in UTF-8 (this one has {bytes})";
        }

        // Early, so that the messages below never echo control characters back.
        if (name.Any(char.IsControl))
        {
            return "a file name must not contain control characters (including NUL)";
        }

        if (name is "." or "..")
        {
            return $"\"{name}\" is not a file name";
        }

        // Before the separator rule, so "/etc/passwd" is reported as what it is. On Windows this also
        // catches drive-qualified names such as "C:x".
        if (Path.IsPathRooted(name))
        {
            return $"a file name must not be an absolute path: \"{name}\"";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return $"a file name must not contain \"..\": \"{name}\"";
        }

        if (name.IndexOfAny(['/', '\\']) >= 0)
        {
            return $"a file name must not contain '/' or '\\' (no folders): \"{name}\"";
        }

        if (name.StartsWith(TemporaryPrefix, StringComparison.Ordinal))
        {
            return $"names starting with \"{TemporaryPrefix}\" are reserved for uploads in progress";
        }

        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Throws InvalidArgument naming the broken rule unless <paramref name="name"/> is valid.</summary>
    public static string Validate(string? name) =>
        Problem(name) is { } problem ? throw RpcException.InvalidArgument(problem) : name!;

    internal static bool IsTemporary(string name) => name.StartsWith(TemporaryPrefix, StringComparison.Ordinal);
}
