using System.Globalization;
using System.Text.RegularExpressions;
using RpcLab.Transports.Raw.Types;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// init.yaml, the original project's description of a cluster: <c>network</c> (<c>servers</c> and
/// <c>clients</c>, each a name with ip and port), <c>service</c> (each with <c>providers</c>, <c>tenants</c> and
/// <c>rpcs</c>), <c>rpc</c> (per service, each rpc with <c>args</c>, <c>returns</c> and <c>src</c>; a list of
/// those for overloads), and the shared <c>token</c> that lets the initializer ship code. Read whole and checked
/// at once, with the file and line of the first mistake. Two layouts are read, so a student's file from the original
/// course project loads unchanged: today's, where servers, clients, services and rpcs are YAML mappings (an rpc's
/// overloads a list under its name), and the original's, where each is a list of one-key maps (<c>- s1: {ip, port}</c>)
/// and an overload is the same rpc name repeated. The original has no token: then <see cref="Token"/> is null and the
/// nodes accept an initializer from loopback only. Immutable and thread-safe.
/// </summary>
public sealed partial class ClusterConfig
{
    /// <summary>Overrides init.yaml's token, so a real secret need not be written in the file.</summary>
    public const string TokenVariable = "RPCLAB_CLUSTER_TOKEN";

    private ClusterConfig(string path, string? token, IReadOnlyDictionary<string, NodeAddress> servers, IReadOnlyDictionary<string, NodeAddress> clients, IReadOnlyList<ServiceConfig> services)
    {
        Path = path;
        Token = token;
        Servers = servers;
        Clients = clients;
        Services = services;
    }

    /// <summary>The file, fully qualified.</summary>
    public string Path { get; }

    /// <summary>The initializer's shared secret, or null when init.yaml has none (the original layout): loopback only.</summary>
    public string? Token { get; }

    /// <summary>The servers, by name, in the file's order.</summary>
    public IReadOnlyDictionary<string, NodeAddress> Servers { get; }

    public IReadOnlyDictionary<string, NodeAddress> Clients { get; }

    public IReadOnlyList<ServiceConfig> Services { get; }

    public ServiceConfig? Service(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// This cluster with some servers at other ports (<c>--node-port s1=PORT</c>): nodes started on port 0, as on a
    /// machine many students share, are still reached by their names. Unknown names are an <see cref="ArgumentException"/>.
    /// </summary>
    public ClusterConfig WithPorts(IReadOnlyDictionary<string, int> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var servers = new Dictionary<string, NodeAddress>(StringComparer.Ordinal);
        foreach (var (name, address) in Servers)
        {
            servers[name] = ports.TryGetValue(name, out var port) ? address with { Port = port } : address;
        }

        foreach (var name in ports.Keys.Where(n => !Servers.ContainsKey(n)))
        {
            throw new ArgumentException($"{System.IO.Path.GetFileName(Path)} has no server {name}; it has {string.Join(", ", Servers.Keys)}");
        }

        return new ClusterConfig(Path, Token, servers, Clients, Services);
    }

    public static ClusterConfig Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read {path}: {e.Message}", e);
        }

        return Parse(text, full);
    }

    /// <summary>Reads init.yaml's text; <paramref name="path"/> names it in errors and anchors the relative src paths.</summary>
    public static ClusterConfig Parse(string text, string path)
    {
        var reader = new Reader(path);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw reader.Error(null, "must be one YAML document with network, service, rpc and token");
        }
        catch (YamlException e)
        {
            // The usual cause here: List[int] inside a [..] flow list, where YAML reads the brackets as its own.
            var line = text.Split('\n').ElementAtOrDefault((int)e.Start.Line - 1) ?? string.Empty;
            var hint = line.Contains("List[", StringComparison.Ordinal) ? " (in a [..] list, quote a list type: \"List[int]\")" : string.Empty;
            throw new ConfigException($"{path}:{e.Start.Line}: not valid YAML: {e.Message}{hint}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these on some malformed input instead of a YamlException (its scanner on a broken plain
            // scalar, its node parser on an event it does not expect; found by rpclab reliability's mutated init.yaml
            // files): still a file that is not YAML, not a crash.
            throw new ConfigException($"{path}: not valid YAML (the YAML reader stopped: {e.Message})", e);
        }

        // No token at all is the original's layout, and safe only on loopback (the nodes see to that); a short one is a mistake.
        var tokenNode = reader.Optional(root, "token");
        var token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : tokenNode is null ? null : reader.Scalar(tokenNode, "token");
        if (token is { Length: < 8 })
        {
            throw reader.Error(tokenNode, "token must be at least 8 characters: it is what stops strangers shipping code to the servers");
        }

        var network = reader.Mapping(reader.Required(root, "network"), "network");
        var servers = reader.Addresses(reader.Required(network, "servers"), "network.servers");
        var clients = reader.Addresses(reader.Required(network, "clients"), "network.clients");
        var rpcSection = reader.Mapping(reader.Required(root, "rpc"), "rpc");
        var services = new List<ServiceConfig>();
        foreach (var (nameNode, serviceNode) in reader.Entries(reader.Required(root, "service"), "service"))
        {
            var name = reader.Name(nameNode, "service");
            var service = reader.Mapping(serviceNode, $"service.{name}");
            var providers = reader.Names(reader.Required(service, "providers"), $"service.{name}.providers", servers, "network.servers");
            var tenants = reader.Names(reader.Required(service, "tenants"), $"service.{name}.tenants", clients, "network.clients");
            var rpcNames = reader.Names(reader.Required(service, "rpcs"), $"service.{name}.rpcs", known: null, knownWhere: null);
            services.Add(new ServiceConfig(name, providers, tenants, reader.Procedures(rpcSection, name, rpcNames)));
        }

        foreach (var (serviceNode, _) in rpcSection.Children)
        {
            var name = reader.Scalar(serviceNode, "rpc");
            if (services.All(s => s.Name != name))
            {
                throw reader.Error(serviceNode, $"rpc.{name} belongs to no service: add it under service");
            }
        }

        return new ClusterConfig(path, token, servers, clients, services);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    // Walks the YAML tree, naming the file and line of anything wrong.
    private sealed class Reader(string path)
    {
        private readonly string _directory = System.IO.Path.GetDirectoryName(path)!;

        public ConfigException Error(YamlNode? node, string message) =>
            new(node is null ? $"{path}: {message}" : string.Create(CultureInfo.InvariantCulture, $"{path}:{node.Start.Line}: {message}"));

        public YamlNode Required(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : throw Error(mapping, $"missing {key}");

        public YamlNode? Optional(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (name: ...)");

        /// <summary>
        /// The named entries of a section in either layout: a mapping (<c>s1: {...}</c>), or the original's list of
        /// one-key maps (<c>- s1: {...}</c>), where a name may repeat (an rpc's overloads).
        /// </summary>
        public List<KeyValuePair<YamlNode, YamlNode>> Entries(YamlNode node, string what)
        {
            if (node is YamlMappingNode mapping)
            {
                return [.. mapping.Children];
            }

            if (node is not YamlSequenceNode sequence)
            {
                throw Error(node, $"{what} must be a mapping (name: ...) or a list of one-key maps (- name: ...)");
            }

            var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
            foreach (var item in sequence.Children)
            {
                if (item is not YamlMappingNode { Children.Count: 1 } single)
                {
                    throw Error(item, $"each entry of {what} must be one name and its value (- name: ...)");
                }

                entries.Add(single.Children.Single());
            }

            return entries;
        }

        public string Scalar(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what} must be a single value");

        public string Name(YamlNode node, string what)
        {
            var name = Scalar(node, what);
            return NamePattern().IsMatch(name) ? name : throw Error(node, $"{what} name \"{name}\" must be letters, digits and _ (not starting with a digit)");
        }

        public Dictionary<string, NodeAddress> Addresses(YamlNode node, string what)
        {
            var addresses = new Dictionary<string, NodeAddress>(StringComparer.Ordinal);
            foreach (var (nameNode, addressNode) in Entries(node, what))
            {
                var name = Name(nameNode, what);
                if (addresses.ContainsKey(name))
                {
                    throw Error(nameNode, $"{what} names {name} twice");
                }

                var address = Mapping(addressNode, $"{what}.{name}");
                var ip = Scalar(Required(address, "ip"), $"{what}.{name}.ip");
                var portNode = Required(address, "port");
                if (!int.TryParse(Scalar(portNode, $"{what}.{name}.port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
                {
                    throw Error(portNode, $"{what}.{name}.port must be a port number (0 to 65535)");
                }

                addresses[name] = new NodeAddress(name, ip, port);
            }

            return addresses;
        }

        public List<string> Names(YamlNode node, string what, IReadOnlyDictionary<string, NodeAddress>? known, string? knownWhere)
        {
            var names = new List<string>();
            foreach (var item in node is YamlSequenceNode sequence ? sequence.Children : throw Error(node, $"{what} must be a list, such as [a, b]"))
            {
                var name = Name(item, what);
                if (known is not null && !known.ContainsKey(name))
                {
                    throw Error(item, $"{what}: {name} is not in {knownWhere} ({string.Join(", ", known.Keys)})");
                }

                names.Add(name);
            }

            return names;
        }

        public List<ProcedureConfig> Procedures(YamlMappingNode rpcSection, string service, List<string> rpcNames)
        {
            var procedures = new List<ProcedureConfig>();
            var ofService = Optional(rpcSection, service) is { } node ? node : null;

            // Every entry of rpc.<service> by name: a mapping holds each name once (its overloads a list under it),
            // the original's list repeats a name once per overload.
            var entries = ofService is null ? [] : Entries(ofService, $"rpc.{service}");
            foreach (var rpc in rpcNames)
            {
                var ofRpc = entries.Where(e => Scalar(e.Key, $"rpc.{service}") == rpc).Select(e => e.Value).ToList();
                if (ofRpc.Count == 0)
                {
                    throw Error(ofService ?? (YamlNode)rpcSection, $"service.{service}.rpcs lists {rpc}, but rpc.{service}.{rpc} is missing");
                }

                // One signature as a mapping, or overloads as a list of them.
                var signatures = ofRpc.SelectMany(entry => entry is YamlSequenceNode list ? list.Children : [entry]);
                foreach (var signature in signatures)
                {
                    var procedure = Procedure(Mapping(signature, $"rpc.{service}.{rpc}"), service, rpc);
                    if (procedures.Any(p => p.Rpc == rpc && p.Args.SequenceEqual(procedure.Args)))
                    {
                        throw Error(signature, $"rpc.{service}.{rpc} has two overloads taking {RawTypes.Join(procedure.Args)}");
                    }

                    procedures.Add(procedure);
                }
            }

            foreach (var (rpcNode, _) in entries)
            {
                if (!rpcNames.Contains(Scalar(rpcNode, $"rpc.{service}")))
                {
                    throw Error(rpcNode, $"rpc.{service}.{Scalar(rpcNode, "rpc")} is not listed in service.{service}.rpcs");
                }
            }

            return procedures;
        }

        private ProcedureConfig Procedure(YamlMappingNode node, string service, string rpc)
        {
            var what = $"rpc.{service}.{rpc}";
            var args = Types(Required(node, "args"), $"{what}.args");
            var returns = Types(Required(node, "returns"), $"{what}.returns");
            var srcNode = Required(node, "src");
            var src = Scalar(srcNode, $"{what}.src");
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(_directory, src));
            if (!File.Exists(full))
            {
                throw Error(srcNode, $"{what}.src: {src} does not exist (paths are relative to {System.IO.Path.GetFileName(path)})");
            }

            return new ProcedureConfig(service, rpc, args, returns, src, full);
        }

        private List<string> Types(YamlNode node, string what)
        {
            var types = new List<string>();
            foreach (var item in node is YamlSequenceNode sequence ? sequence.Children : throw Error(node, $"{what} must be a list of types"))
            {
                if (item is not YamlScalarNode { Value: { } name })
                {
                    // [List[int]] in flow style reads as a list inside a list: YAML's brackets.
                    throw Error(item, $"{what}: each type is one name such as int or List[int] (in a [..] list, quote it: \"List[int]\")");
                }

                if (RawTypes.Parse(name) is not { } type)
                {
                    throw Error(item, $"{what}: unknown type {name}; the types are {RawTypes.KnownNames}");
                }

                types.Add(type.Name);
            }

            return types;
        }
    }
}
