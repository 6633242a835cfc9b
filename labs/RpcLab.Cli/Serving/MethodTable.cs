using RpcLab.Cli.Calls;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using Spectre.Console;

namespace RpcLab.Cli.Serving;

/// <summary>
/// What <c>rpclab serve --list</c> prints: every catalogued method, its call shape, parameters and result;
/// then what the transport adds about its own wire (<see cref="IRpcTransport.WireListing"/>: JSON-RPC's signatures as they
/// look on the wire and the specification's example methods).
/// </summary>
public static class MethodTable
{
    public static void Write(IAnsiConsole console, IRpcTransport transport)
    {
        var table = Ui.Table(console)
            .AddColumn("method")
            .AddColumn("shape")
            .AddColumn("parameters")
            .AddColumn("result");
        foreach (var method in ServiceCatalog.Methods)
        {
            table.AddRow(
                new Text(method.FullName),
                new Text(method.Shape.ToString()),
                new Text(Parameters(method)),
                new Text(Result(method)));
        }

        console.Write(table);
        console.WriteLine("Call one with: rpclab call <method> [arguments...] --transport <transport>; stream items follow the parameters.");
        console.WriteLine("A parameter shown with \"= value\" may be left out and takes that value (rpclab call sum.sum \"1 2\" \"3 4\" leaves parallelism 0).");
        if (transport.WireListing is { } wire)
        {
            console.WriteLine();
            console.WriteLine(wire.Heading);
            foreach (var line in wire.Lines)
            {
                console.WriteLine($"  {line}");
            }
        }
    }

    private static string Parameters(RpcMethod method)
    {
        // The same rule as ArgumentConverter: before a request stream every parameter must be written out.
        var parts = method.Parameters
            .Select(p => $"{p.Name}: {TypeNames.Friendly(p.Type)}" + (p.IsOptional && !method.StreamsRequest ? $" = {ArgumentConverter.DefaultText(p)}" : string.Empty))
            .ToList();
        if (method.RequestItemType is { } item)
        {
            parts.Add($"stream of {TypeNames.Friendly(item)}");
        }

        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    private static string Result(RpcMethod method) =>
        method.StreamsResult ? $"stream of {TypeNames.Friendly(method.ResultType)}" : method.ResultType is null ? "-" : TypeNames.Friendly(method.ResultType);
}
