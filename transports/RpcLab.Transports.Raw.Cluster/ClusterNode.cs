using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Server;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One server of the cluster (<c>rpclab cluster serve</c>): a raw server whose table starts empty and is replaced
/// whole each time the initializer applies a plan, without a restart. Besides the shipped services it serves
/// <c>$cluster</c> (status and apply), which demands the cluster's shared token, since applying a plan runs the
/// code it carries; wrong tokens are limited and logged per address (<see cref="TokenGate"/>), and a cluster without a
/// token (the original's init.yaml) accepts an initializer from loopback only, so that at least no other machine can
/// ship code to it. Calls in progress finish on the table they started with; replaced code is unloaded.
/// Thread-safe; dispose once.
/// </summary>
public sealed class ClusterNode : IProcedureTable, IAsyncDisposable
{
    /// <summary>The node's own service, which the initializer calls.</summary>
    public const string ControlService = "$cluster";

    private readonly TokenGate _gate;
    private readonly ProcedureRunner _runner;
    private readonly ClusterLog? _log;
    private readonly ServiceEntry _control;
    private readonly SemaphoreSlim _applying = new(1, 1);
    private ProcedureDirectory _directory;
    private RawServer _server = null!;
    private int _disposed;

    private ClusterNode(string name, string? token, ClusterNodeOptions options, ClusterLog? log)
    {
        Name = name;
        _gate = new TokenGate(name, token, options.WrongTokenAttemptsPerMinute, log);
        _runner = new ProcedureRunner(options);
        _log = log;
        _control = new ServiceEntry(ControlService, Tenants: null,
        [
            new ControlProcedure("status", ControlProcedure.StatusSignature, (args, call) => Task.FromResult<object?>(Status((string)args[0]!, call.Peer))),
            new ControlProcedure("apply", ControlProcedure.ApplySignature, async (args, call) => await ApplyAsync((string)args[0]!, (ClusterPlan)args[1]!, call.Peer).ConfigureAwait(false)),
        ]);
        _directory = new ProcedureDirectory([_control]);
    }

    public string Name { get; }

    public string Host => _server.Host;

    public int Port => _server.Port;

    public TimeSpan TimeLimit => _runner.TimeLimit;

    /// <summary>Bytes one procedure call may allocate on its thread.</summary>
    public long MemoryLimit => _runner.MemoryLimit;

    /// <summary>The procedures installed now.</summary>
    internal IReadOnlyList<CompiledProcedure> Procedures => Volatile.Read(ref _directory).Procedures.OfType<CompiledProcedure>().ToList();

    /// <summary>Starts node <paramref name="name"/> listening on <paramref name="options"/>' address, with no procedures yet.</summary>
    /// <remarks>A null <paramref name="token"/> (init.yaml has none) admits an initializer from loopback only.</remarks>
    public static ClusterNode Start(string name, string? token, ServerOptions options, ClusterNodeOptions? nodeOptions = null, ClusterLog? log = null, RawOptions? raw = null)
    {
        var node = new ClusterNode(name, token, nodeOptions ?? new ClusterNodeOptions(), log);
        node._server = RawServer.Start(node, options, raw, log);
        return node;
    }

    public RawProcedure Find(string service, string rpc, IReadOnlyList<string> argTypes, IReadOnlyList<string>? returnTypes, string? client) =>
        Volatile.Read(ref _directory).Find(service, rpc, argTypes, returnTypes, client);

    /// <summary>Stops listening, ends the calls in progress, and unloads the procedures' code.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _server.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
        Unload(Procedures.Select(p => p.Source).Distinct());
    }

    private InstalledProcedure[] Status(string token, string peer)
    {
        _gate.Authorize(token, peer, "status");
        return Procedures.Select(p => p.Installed).ToArray();
    }

    // Builds the whole new table (compiling what was sent, keeping what was not), swaps it in, unloads what is gone.
    // Atomic: a plan that fails anywhere (a file that does not compile) changes nothing.
    private async Task<InitReport> ApplyAsync(string token, ClusterPlan plan, string peer)
    {
        _gate.Authorize(token, peer, "apply");
        if (plan.Server != Name)
        {
            throw new RawCallException(RawExceptionType.InvalidArguments, $"this is server {Name}, not {plan.Server}: check the addresses in init.yaml");
        }

        await _applying.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = Procedures.ToDictionary(p => p.Installed.Key);
            var compiled = new Dictionary<string, CompiledSource>();
            var changes = new List<ProcedureChange>();
            var services = new List<ServiceEntry> { _control };
            ProcedureDirectory next;
            try
            {
                foreach (var service in plan.Services)
                {
                    var procedures = new List<RawProcedure>();
                    foreach (var planned in service.Procedures)
                    {
                        var (procedure, change) = await InstallAsync(service.Name, planned, current, compiled).ConfigureAwait(false);
                        procedures.Add(procedure);
                        changes.Add(new ProcedureChange(service.Name, planned.Rpc, planned.Args, planned.Returns, planned.File, change));
                    }

                    services.Add(new ServiceEntry(service.Name, service.Tenants.ToHashSet(StringComparer.Ordinal), procedures));
                }

                next = new ProcedureDirectory(services);
            }
            catch (ArgumentException e)
            {
                Unload(compiled.Values);
                throw new RawCallException(RawExceptionType.InvalidArguments, e.Message);
            }
            catch
            {
                // Nothing changes; what this plan compiled is dropped again.
                Unload(compiled.Values);
                throw;
            }

            var kept = next.Procedures.OfType<CompiledProcedure>().Select(p => p.Installed.Key).ToHashSet();
            changes.AddRange(current.Values.Where(p => !kept.Contains(p.Installed.Key))
                .Select(p => new ProcedureChange(p.Service, p.Rpc, [.. p.Signature.ArgNames], [.. p.Signature.ReturnNames], p.Source.File, ChangeKind.Removed)));
            Volatile.Write(ref _directory, next);

            // Code no procedure uses any more is unloaded; calls still running in it keep it alive until they return.
            var inUse = next.Procedures.OfType<CompiledProcedure>().Select(p => p.Source).ToHashSet();
            Unload(current.Values.Select(p => p.Source).Distinct().Where(s => !inUse.Contains(s)));

            foreach (var change in changes)
            {
                _log?.Note("init", $"{peer}: {change.Change.ToString().ToLowerInvariant()} {change.Describe()} ({change.File})");
            }

            return new InitReport(Name, [.. changes]);
        }
        finally
        {
            _applying.Release();
        }
    }

    private async Task<(RawProcedure Procedure, ChangeKind Change)> InstallAsync(string service, PlannedProcedure planned, Dictionary<string, CompiledProcedure> current, Dictionary<string, CompiledSource> compiled)
    {
        var key = InstalledProcedure.ProcedureKey(service, planned.Rpc, planned.Args);
        if (planned.Source is null)
        {
            // Not sent: the initializer saw that this server's copy has the same hash. It must still be here.
            return current.TryGetValue(key, out var existing) && existing.Source.Sha256 == planned.Sha256
                ? (existing, ChangeKind.Skipped)
                : throw new RawCallException(RawExceptionType.InvalidArguments, $"{planned.File} was not sent, and this server has no copy of it with SHA-256 {planned.Sha256}; run the initializer again");
        }

        if (ProcedureCompiler.Sha256(planned.Source) != planned.Sha256)
        {
            throw new RawCallException(RawExceptionType.InvalidArguments, $"{planned.File}: the source does not have the SHA-256 the plan gives");
        }

        try
        {
            if (!compiled.TryGetValue(planned.Sha256, out var source))
            {
                // Roslyn is CPU work for a while: off the connection's I/O thread.
                source = await Task.Run(() => ProcedureCompiler.Compile(planned.File, planned.Source)).ConfigureAwait(false);
                compiled[planned.Sha256] = source;
            }

            var (method, signature) = source.Find(planned.Rpc, planned.Args, planned.Returns);
            return (new CompiledProcedure(service, planned.Rpc, signature, method, source, _runner), ChangeKind.Sent);
        }
        catch (ProcedureException e)
        {
            throw new RawCallException(RawExceptionType.InvalidArguments, e.Message);
        }
    }

    private static void Unload(IEnumerable<CompiledSource> sources)
    {
        foreach (var source in sources)
        {
            source.Unload();
        }
    }
}
