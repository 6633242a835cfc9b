using System.CommandLine;

namespace RpcLab.Labs.Commands;

/// <summary>The <c>rpclab</c> root command and its verbs. Build a fresh one per invocation (commands hold parse state).</summary>
public static class RpcLabCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("RpcLab: one set of services, several RPC transports, and the labs that walk through them.")
        {
            LabsCommand.Create(),
            LabCommand.Create(),
            ServeCommand.Create(),
            CallCommand.Create(),
            SyncCommand.Create(),
        };
        return root;
    }
}
