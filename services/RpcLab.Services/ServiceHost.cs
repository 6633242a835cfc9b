using RpcLab.Services.AtMostOnce;
using RpcLab.Services.Compute;
using RpcLab.Services.Contracts;
using RpcLab.Services.Echo;
using RpcLab.Services.Files;
using RpcLab.Services.Sum;
using RpcLab.Services.Users;

namespace RpcLab.Services;

/// <summary>
/// Builds and owns the service implementations of one server (its SQLite connection,
/// its job workers, its temporary folder). Dispose it when the server stops.
/// <see cref="Services"/> is thread-safe; <see cref="DisposeAsync"/> is idempotent and must not race
/// calls still in flight.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    /// <summary>The SQLite file of the users, inside <see cref="ServiceOptions.DataDirectory"/>.</summary>
    public const string UsersDatabaseFile = "users.db";

    /// <summary>The folder of the file service, inside <see cref="ServiceOptions.DataDirectory"/>.</summary>
    public const string FilesFolder = "files";

    private readonly IUserStore _userStore;
    private readonly ComputeService _compute;
    private readonly string? _temporaryFolder;
    private int _disposed;

    private ServiceHost(ServiceSet services, IUserStore userStore, ComputeService compute, string filesFolder, string? temporaryFolder, ReplyTable? replies)
    {
        Services = services;
        Replies = replies;
        _userStore = userStore;
        _compute = compute;
        FilesDirectory = filesFolder;
        _temporaryFolder = temporaryFolder;
    }

    public ServiceSet Services { get; }

    /// <summary>
    /// The at-most-once table the non-idempotent methods of <see cref="Services"/> go through when a call carries a
    /// <see cref="RequestId"/>; null when <see cref="ServiceOptions.AtMostOnceClients"/> is 0.
    /// </summary>
    public ReplyTable? Replies { get; }

    /// <summary>The folder the file service stores its files in.</summary>
    public string FilesDirectory { get; }

    public static ServiceHost Create(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string filesFolder;
        string? temporaryFolder = null;
        IUserStore userStore;
        if (options.DataDirectory is { } data)
        {
            Directory.CreateDirectory(data);
            filesFolder = Path.Combine(data, FilesFolder);
            userStore = new SqliteUserStore(Path.Combine(data, UsersDatabaseFile));
        }
        else
        {
            temporaryFolder = Directory.CreateTempSubdirectory("rpclab-files-").FullName;
            filesFolder = temporaryFolder;
            userStore = new InMemoryUserStore();
        }

        try
        {
            var files = new FileService(filesFolder, options);
            var compute = new ComputeService(options);
            // The composition root: the one place that picks each contract's implementation and hands it its own
            // dependencies (options, the user store, the folder), which no list of contracts can know. Naming the
            // constructor's parameters in order is what makes a service added to ServiceSet fail to compile here
            // until it has an implementation.
            var services = new ServiceSet(new ParallelSumService(options), new UserService(userStore, options), files, compute, new EchoService())
            {
                OriginalUsers = new UserService(userStore, options, UserRules.OriginalCourseProject),
            };
            var replies = options.AtMostOnceClients > 0 ? new ReplyTable(options.AtMostOnceClients) : null;
            return new ServiceHost(replies is null ? services : AtMostOnceServices(services, replies), userStore, compute, filesFolder, temporaryFolder, replies);
        }
        catch
        {
            userStore.Dispose();
            DeleteFolder(temporaryFolder);
            throw;
        }
    }

    /// <summary>
    /// Every service with a method that takes a <see cref="RequestId"/> behind the one table, in the services layer, so
    /// every transport gets at-most-once execution by carrying the argument, and none keeps a table of its own.
    /// </summary>
    private static ServiceSet AtMostOnceServices(ServiceSet services, ReplyTable replies)
    {
        var wrapped = ServiceSet.Create(s => AtMostOnceProxy.Covers(s.Contract) ? AtMostOnceProxy.Wrap(s.Contract, s.Get(services), replies) : s.Get(services));
        return wrapped with
        {
            OriginalUsers = services.OriginalUsers is { } original ? (IUserService)AtMostOnceProxy.Wrap(typeof(IUserService), original, replies) : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _compute.DisposeAsync().ConfigureAwait(false);
        _userStore.Dispose();
        DeleteFolder(_temporaryFolder);
    }

    private static void DeleteFolder(string? folder)
    {
        if (folder is null)
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A file still open elsewhere (a download in flight) keeps it; the OS cleans temp folders.
        }
    }
}
