using System.CommandLine;
using RpcLab.Services;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab serve</c>'s limits on what clients may store, one option each, defaulting to <see cref="ServiceOptions"/>'s
/// values so <c>serve --help</c> prints what a server enforces when nobody says otherwise. Over a limit a client gets
/// InvalidArgument (a field too long) or ResourceExhausted (too many, too large), naming the limit, and the server
/// goes on serving everyone else. Create one per command (System.CommandLine options belong to the command they are
/// added to).
/// </summary>
public sealed class ServiceLimitOptions
{
    private static readonly ServiceOptions Defaults = new();

    public Option<int> MaxNameLength { get; } = Count("--max-name-length", "characters", Defaults.MaxNameLength,
        "The longest user name, in characters; a longer one is InvalidArgument on create and update.");

    public Option<int> MaxEmailLength { get; } = Count("--max-email-length", "characters", Defaults.MaxEmailLength,
        "The longest user email, in characters; a longer one is InvalidArgument on create and update.");

    public Option<int> MaxUsers { get; } = Count("--max-users", "count", Defaults.MaxUsers,
        "The most users the server stores: a create beyond it is ResourceExhausted, and users.list answers at most this many.");

    public Option<long> MaxFileSize { get; } = Size("--max-file-size", Defaults.MaxFileSize,
        "The largest file an upload may store, in bytes or with a unit (512KiB, 100MiB, 1GiB); a larger one is ResourceExhausted.");

    public Option<long> FilesQuota { get; } = Size("--files-quota", Defaults.FilesQuota,
        "The most bytes all stored files may take together, in bytes or with a unit; an upload that does not fit is ResourceExhausted.");

    public Option<int> MaxFiles { get; } = Count("--max-files", "count", Defaults.MaxFiles,
        "The most files the server stores: an upload of a new name beyond it is ResourceExhausted, and files.list answers at most this many.");

    public void AddTo(Command command)
    {
        command.Options.Add(MaxNameLength);
        command.Options.Add(MaxEmailLength);
        command.Options.Add(MaxUsers);
        command.Options.Add(MaxFileSize);
        command.Options.Add(FilesQuota);
        command.Options.Add(MaxFiles);
    }

    /// <summary>The services' options for a server whose data folder is <paramref name="dataDirectory"/>, with the limits given.</summary>
    public ServiceOptions GetServiceOptions(ParseResult parseResult, string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        MaxNameLength = parseResult.GetValue(MaxNameLength),
        MaxEmailLength = parseResult.GetValue(MaxEmailLength),
        MaxUsers = parseResult.GetValue(MaxUsers),
        MaxFileSize = parseResult.GetValue(MaxFileSize),
        FilesQuota = parseResult.GetValue(FilesQuota),
        MaxFiles = parseResult.GetValue(MaxFiles),
    };

    private static Option<int> Count(string name, string unit, int defaultValue, string description) => new(name)
    {
        Description = description,
        HelpName = unit,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = WholeNumber.RequiredParser(name, 1, int.MaxValue, "a whole number, at least 1"),
    };

    private static Option<long> Size(string name, long defaultValue, string description) => new(name)
    {
        Description = description,
        HelpName = "bytes",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ByteSize.Parser(name, 0),
    };
}
