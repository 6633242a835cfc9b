using RpcLab.Services.Errors;

namespace RpcLab.Cli.Commands;

/// <summary>
/// What <c>rpclab</c> returns to the shell: 0 success; 1 the command line was wrong or the command
/// could not start (unknown method, bad argument, port in use) or a lab step failed; 1 + the status
/// number when a call failed with an RpcException (NotFound = 5 gives 6, Unavailable = 14 gives 15).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    public const int Failed = 1;

    public static int ForStatus(RpcStatusCode status) => 1 + (int)status;
}
