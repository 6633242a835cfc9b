using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Client;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// The initializer (<c>rpclab cluster init</c>): for every server of init.yaml, asks what it has
/// (<c>$cluster.status</c>), then sends the whole table it should have (<c>$cluster.apply</c>), with the source of a
/// procedure only where the server's SHA-256 differs from the file's. Servers no longer providing a service lose
/// it. Both calls carry the cluster's token. Servers are initialized side by side; one that fails does not stop the
/// others. Thread-safe (stateless).
/// </summary>
public static class Initializer
{
    private static readonly SignatureCall StatusCall = new(ClusterNode.ControlService, "status", ControlProcedure.StatusSignature);
    private static readonly SignatureCall ApplyCall = new(ClusterNode.ControlService, "apply", ControlProcedure.ApplySignature);

    /// <summary>Initializes every server; the reports in init.yaml's order. <paramref name="timeout"/> bounds each server's exchange (compiling takes seconds).</summary>
    public static async Task<IReadOnlyList<ServerInit>> RunAsync(ClusterConfig config, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sources = config.Services
            .SelectMany(s => s.Procedures)
            .Select(p => p.SourcePath)
            .Distinct()
            .ToDictionary(path => path, path => File.ReadAllText(path));
        return await Task.WhenAll(config.Servers.Values.Select(server => InitializeAsync(config, server, sources, timeout, cancellationToken))).ConfigureAwait(false);
    }

    private static async Task<ServerInit> InitializeAsync(ClusterConfig config, NodeAddress server, Dictionary<string, string> sources, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = await ClientConnection.ConnectAsync(server.Host, server.Port, RpcLimits.DefaultMaxMessageSize, cancellationToken: deadline.Token).ConfigureAwait(false);
            var installed = (InstalledProcedure[])(await connection.CallAsync(StatusCall, [config.Token ?? string.Empty], null, timeout, client: null, deadline.Token).ConfigureAwait(false))!;
            var plan = Plan(config, server.Name, sources, installed.ToDictionary(p => p.Key, p => p.Sha256));
            var report = (InitReport)(await connection.CallAsync(ApplyCall, [config.Token ?? string.Empty, plan], null, timeout, client: null, deadline.Token).ConfigureAwait(false))!;
            return new ServerInit(server, report, null);
        }
        catch (RawCallException e)
        {
            return new ServerInit(server, null, $"{e.TypeName}: {e.Detail}");
        }
        catch (RpcException e)
        {
            return new ServerInit(server, null, $"{e.Status}: {e.Detail}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ServerInit(server, null, $"no answer within {timeout.TotalSeconds:0} s");
        }
    }

    // The services this server provides, each procedure with its hash, and its source where the server lacks that hash.
    private static ClusterPlan Plan(ClusterConfig config, string server, Dictionary<string, string> sources, Dictionary<string, string> installed) =>
        new(server, config.Services
            .Where(s => s.Providers.Contains(server))
            .Select(s => new PlannedService(s.Name, [.. s.Tenants], s.Procedures.Select(p =>
            {
                var source = sources[p.SourcePath];
                var sha = ProcedureCompiler.Sha256(source);
                var same = installed.TryGetValue(InstalledProcedure.ProcedureKey(p.Service, p.Rpc, p.Args), out var theirs) && theirs == sha;
                return new PlannedProcedure(p.Rpc, [.. p.Args], [.. p.Returns], p.Source, sha, same ? null : source);
            }).ToArray()))
            .ToArray());
}
