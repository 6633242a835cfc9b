using System.CommandLine;
using System.CommandLine.Help;

namespace RpcLab.Cli.Commands;

/// <summary>The <c>rpclab</c> root command and its verbs. Build a fresh one per invocation (commands hold parse state).</summary>
public static class RpcLabCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("RpcLab: one set of services, several RPC transports, and the labs that walk through them.")
        {
            LabsCommand.Create(),
            LabCommand.Create(),
            WorkspaceCommand.Create(),
            CheckCommand.Create(),
            SubmitCommand.Create(),
            ServeCommand.Create(),
            CallCommand.Create(),
            ClientCommand.Create(),
            SyncCommand.Create(),
            WireCommand.Create(),
            ProxyCommand.Create(),
            FaultsCommand.Create(),
            ClusterCommand.Create(),
            BenchCommand.Create(),
            ReportCommand.Create(),
            ReliabilityCommand.Create(),
        };

        // Plain `rpclab` shows the verbs, without System.CommandLine's "Required command was not provided."
        // (which it also printed under an unknown verb, as if none had been typed). Exit code 1 all the same.
        root.SetAction(parseResult =>
        {
            new HelpAction().Invoke(parseResult);
            return ExitCodes.Failed;
        });
        return root;
    }
}
