using System.CommandLine;
using RpcLab.Cli.Commands;

namespace RpcLab.Tests.Cli;

/// <summary>Runs the rpclab command in-process, as the program would, with stdout and stderr captured.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var exitCode = await RpcLabCommand.Create().Parse(args).InvokeAsync(config, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
