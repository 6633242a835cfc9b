using System.CommandLine;
using RpcLab.Seminar;

namespace RpcLab.Cli.Commands;

/// <summary>The rpclab command line run in this process, for the seminar's client steps and in-process servers. Stateless, thread-safe.</summary>
public sealed class InProcessCommandLine : ICommandLine
{
    public static InProcessCommandLine Instance { get; } = new();

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RpcLabCommand.Create().Parse([.. args]).InvokeAsync(
            // No termination timeout: the caller's token is the Ctrl+C, and the process is not ours to end.
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null },
            cancellationToken);
}
