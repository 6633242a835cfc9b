using System.Reflection;
using System.Runtime.CompilerServices;
using RpcLab.Transports.Raw.Server;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// A procedure shipped by the initializer: a static method of a <see cref="CompiledSource"/>, run by the node's
/// <see cref="ProcedureRunner"/>. A void method returns nothing, a tuple one value per element. Thread-safe.
/// </summary>
internal sealed class CompiledProcedure(string service, string rpc, Signature signature, MethodInfo method, CompiledSource source, ProcedureRunner runner)
    : RawProcedure(service, rpc, signature)
{
    public CompiledSource Source { get; } = source;

    public InstalledProcedure Installed => new(Service, Rpc, [.. Signature.ArgNames], [.. Signature.ReturnNames], Source.File, Source.Sha256);

    public override async Task RunAsync(ServerCall call, object?[] args, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync($"{Service}.{Rpc}", method, args, cancellationToken).ConfigureAwait(false);
        object?[] values = Signature.Returns.Count switch
        {
            0 => [],
            1 => [result],
            _ => Elements((ITuple)result!),
        };
        await call.SendReturnsAsync(values).ConfigureAwait(false);
    }

    private static object?[] Elements(ITuple tuple)
    {
        var values = new object?[tuple.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = tuple[i];
        }

        return values;
    }
}
