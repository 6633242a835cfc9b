using RpcLab.Services.Contracts;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// What a server connection serves: every <see cref="ServiceCatalog"/> method under its wire name
/// (<c>users.get</c>, <c>files.upload</c>), bound by StreamJsonRpc to the contract's parameters by position or
/// by name (trailing ones with a default may be left out), and, unless turned off, the specification's example
/// methods. Thread-safe (stateless).
/// </summary>
internal static class ServerMethods
{
    public static void Register(LabJsonRpc rpc, ServiceSet services, bool specExamples)
    {
        foreach (var method in ServiceCatalog.Methods)
        {
            rpc.AddMethod(method.FullName, method.Method, method.Target(services), method.DeclaredParameters);
        }

        if (specExamples)
        {
            foreach (var (name, method, parameters) in SpecExampleMethods.Methods)
            {
                rpc.AddMethod(name, method, SpecExampleMethods.Instance, parameters);
            }
        }
    }

    /// <summary>The methods and their signatures as they look on the wire, for <c>rpclab serve --transport jsonrpc --list</c>.</summary>
    public static IEnumerable<string> Describe(bool specExamples)
    {
        var contracts = ServiceCatalog.Methods.Select(m =>
        {
            var shape = m.Shape switch
            {
                CallShape.ClientStreaming => "  (client streaming)",
                CallShape.ServerStreaming => "  (server streaming: result is an enumerator token)",
                CallShape.DuplexStreaming => "  (bidirectional: result is an enumerator token)",
                _ => "",
            };
            var result = m.ResultType is null ? "null" : m.StreamsResult ? $"stream of {WireText.Describe(m.ResultType)}" : WireText.Describe(m.ResultType);
            return $"{m.FullName}({string.Join(", ", m.DeclaredParameters.Select(WireText.Describe))}) -> {result}{shape}";
        });
        return specExamples ? contracts.Concat(SpecExampleMethods.Describe()) : contracts;
    }
}
