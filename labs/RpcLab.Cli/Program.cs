using System.CommandLine;
using RpcLab.Cli.Commands;
using RpcLab.Measurement.Load;

namespace RpcLab.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        // The load generator's runtime settings are read at start-up: rpclab starts itself again with them.
        if (BenchCommand.RunsLoadGenerator(args) && !GeneratorRuntime.IsApplied)
        {
            return GeneratorRuntime.RunAppliedAsync(args);
        }

        return RpcLabCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration
        {
            // Ctrl+C and SIGTERM cancel the command's token; give a server time to close its connections.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
        });
    }
}
