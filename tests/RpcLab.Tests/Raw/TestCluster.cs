using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using RpcLab.Tests.Cli;
using RpcLab.Tests.Services;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>
/// A cluster in this process: a folder with an init.yaml and its procedure files, and a node for each server the
/// test names, listening on a port of the OS's choosing (init.yaml's ports are rewritten to those). Disposing stops
/// the nodes and deletes the folder. Thread-safe to use; dispose once.
/// </summary>
public sealed partial class TestCluster : IAsyncDisposable
{
    public const string Token = "test-cluster-token";

    /// <summary>
    /// The start of an init.yaml with one server, s1, and one client, c1 (token and port are replaced when it is
    /// written): a test adds its service and rpc sections.
    /// </summary>
    public const string OneServerNetwork = """
        token: placeholder
        network:
          servers:
            s1:
              ip: 127.0.0.1
              port: 1
          clients:
            c1:
              ip: 127.0.0.1
              port: 2
        """;

    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, ClusterNode> _nodes = [];

    private TestCluster()
    {
    }

    /// <summary>init.yaml's full path.</summary>
    public string ConfigPath => _folder.Combine("init.yaml");

    public IReadOnlyDictionary<string, ClusterNode> Nodes => _nodes;

    /// <summary>Every node's log lines, in order.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>
    /// Writes <paramref name="files"/> (init.yaml among them, with any ports: they are replaced) and starts a node for
    /// each of <paramref name="servers"/>.
    /// </summary>
    public static async Task<TestCluster> StartAsync(IReadOnlyDictionary<string, string> files, IEnumerable<string> servers, ClusterNodeOptions? options = null)
    {
        var cluster = new TestCluster();
        try
        {
            foreach (var server in servers)
            {
                var log = new ClusterLog(line => cluster.Log.Enqueue($"{server}: {line}"));
                cluster._nodes[server] = ClusterNode.Start(server, Token, new ServerOptions { Port = 0 }, options, log);
            }

            foreach (var (name, text) in files)
            {
                cluster.Write(name, text);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A copy of the shipped labs/cluster (init.yaml and procedures), its servers started.</summary>
    public static Task<TestCluster> StartShippedAsync(ClusterNodeOptions? options = null)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "cluster");
        var files = Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(shipped, f), File.ReadAllText);
        return StartAsync(files, ["s1", "s2"], options);
    }

    /// <summary>
    /// Writes a file of the cluster's folder. For init.yaml, each server's port becomes its node's and the token the
    /// test token (a port line belongs to the server named above it).
    /// </summary>
    public void Write(string name, string text)
    {
        if (name == "init.yaml")
        {
            text = WithPorts(TokenLine().Replace(text, $"token: {Token}"), _nodes.ToDictionary(n => n.Key, n => n.Value.Port));
        }

        var path = _folder.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>init.yaml's text with each named server's port replaced (a port line belongs to the server named two lines above it).</summary>
    public static string WithPorts(string yaml, IReadOnlyDictionary<string, int> ports)
    {
        foreach (var (server, port) in ports)
        {
            yaml = Regex.Replace(yaml, $@"(\n\s+{server}:\s*\n\s+ip:[^\n]*\n\s+port:)\s*\d+", m => $"{m.Groups[1].Value} {port.ToString(CultureInfo.InvariantCulture)}");
        }

        return yaml;
    }

    public string Read(string name) => File.ReadAllText(_folder.Combine(name));

    public ClusterConfig Config() => ClusterConfig.Load(ConfigPath);

    /// <summary>Runs the initializer on init.yaml as it is now.</summary>
    public async Task<IReadOnlyList<ServerInit>> InitAsync()
    {
        var results = await Initializer.RunAsync(Config(), TimeSpan.FromSeconds(120));
        return results;
    }

    /// <summary>Calls as <paramref name="client"/>, with the words typed as on the command line.</summary>
    public Task<ClusterReply> CallAsync(string client, string target, params string[] words) => CallOnAsync(null, client, target, words);

    public Task<ClusterReply> CallOnAsync(string? server, string client, string target, params string[] words)
    {
        var dot = target.LastIndexOf('.');
        return ClusterClient.CallAsync(Config(), client, target[..dot], target[(dot + 1)..], ArgumentParser.Parse(words, null), server, TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs <c>rpclab cluster</c> in this process with <c>--config</c> pointing at this cluster.</summary>
    public Task<CliResult> CliAsync(params string[] args) => Cli.Cli.RunAsync(["cluster", .. args, "--config", ConfigPath]);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }

        _folder.Dispose();
    }

    [GeneratedRegex(@"(?m)^token:.*$")]
    private static partial Regex TokenLine();
}
