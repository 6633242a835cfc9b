namespace RpcLab.Tests.Cli;

/// <summary>The transports the CLI's end-to-end tests run over.</summary>
public static class CliTransports
{
    public static TheoryData<string> All => ["inproc", "grpc", "jsonrpc", "zerorpc"];
}
