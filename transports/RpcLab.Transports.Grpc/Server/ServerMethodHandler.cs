using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// One registered method: reads its request message(s), calls the implementation and writes the response
/// message(s). The status is written by <see cref="GrpcRequestDispatcher"/>, from how this task ends.
/// Immutable and thread-safe; one instance serves every call of its method.
/// </summary>
internal abstract class ServerMethodHandler
{
    public abstract string Path { get; }

    public abstract CallShape Shape { get; }

    public abstract Task HandleAsync(GrpcServerCall call);
}
