using Grpc.Core;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Bench.Bare;

/// <summary>
/// The echo service written straight on the generated base, as a grpc-dotnet tutorial would: no contract, no
/// adapter, no interceptor, no call log. Only Reverse, the call the load runs make; the other methods answer
/// Unimplemented, as the generated base does. Stateless and thread-safe.
/// </summary>
public sealed class BareEchoService : Echo.EchoBase
{
    public override Task<EchoReply> Reverse(EchoRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var characters = request.Message.ToCharArray();
        Array.Reverse(characters);
        return Task.FromResult(new EchoReply { Message = new string(characters) });
    }
}
