using System.CommandLine;
using RpcLab.Cli.Commands;

namespace RpcLab.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) =>
        RpcLabCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration
        {
            // Ctrl+C and SIGTERM cancel the command's token; give a server time to close its connections.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
        });
}
