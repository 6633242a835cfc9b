namespace RpcLab.Tests.Grpc;

/// <summary>The HTTP/2 paths of the methods hand-made requests call, as the .proto files name them.</summary>
internal static class GrpcPaths
{
    public const string EchoReverse = "/rpclab.echo.Echo/Reverse";
    public const string EchoDelay = "/rpclab.echo.Echo/Delay";
    public const string EchoCollect = "/rpclab.echo.Echo/Collect";
    public const string EchoRepeat = "/rpclab.echo.Echo/Repeat";
    public const string UsersGet = "/rpclab.users.Users/Get";
}
