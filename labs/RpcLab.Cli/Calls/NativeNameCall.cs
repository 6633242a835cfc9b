using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Calls;

/// <summary>
/// <c>rpclab call package.Service/Method '{json}' ...</c>: a call by the name a transport's own protocol gives the method
/// (<see cref="INativeMethodCaller"/>, gRPC's and REST's), for methods that are in a .proto and a server adapter but in
/// no C# contract yet, and for the original course projects' contracts. The command line only asks whether a transport
/// calls methods by such names; it never knows which transport does. Stateless and thread-safe.
/// </summary>
public static class NativeNameCall
{
    /// <summary>For the help of <c>call</c>'s method argument: which transports take which names, with an example.</summary>
    public static string Help => string.Concat(Callers
        .GroupBy(c => c.NativeNameForm, StringComparer.Ordinal)
        .Select(form => $", or for --transport {string.Join(" or ", form.Select(c => c.Name))} by {form.Key} with JSON requests ({form.First().NativeNameExample})"));

    /// <summary>True when <paramref name="name"/> is in the form of some transport's own method names (not service.method).</summary>
    public static bool IsNativeName(string name) => Callers.Any(c => c.IsNativeName(name));

    /// <summary>Calls <paramref name="name"/> through <paramref name="transport"/> and writes each response as one line of JSON.</summary>
    /// <exception cref="UsageException">The transport has no such names (the message names one that has), no such method, or a request that does not fit it.</exception>
    public static async Task RunAsync(IRpcTransport transport, ClientOptions options, string name, IReadOnlyList<string> requests, TextWriter output, CancellationToken cancellationToken)
    {
        if (transport is not INativeMethodCaller caller || !caller.IsNativeName(name))
        {
            var owner = Callers.First(c => c.IsNativeName(name));
            throw new UsageException($"'{name}' is {owner.NativeNameForm}; call it with --transport {owner.Name}, or use the service.method name (see: rpclab serve --list)");
        }

        try
        {
            await foreach (var json in caller.CallByNativeNameAsync(options, name, requests, cancellationToken).ConfigureAwait(false))
            {
                await output.WriteLineAsync(json).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The registered transports that call methods by names of their own.</summary>
    private static IEnumerable<INativeMethodCaller> Callers => TransportRegistry.All.OfType<INativeMethodCaller>();
}
