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
        return Task.FromResult(new EchoReply { Message = ReverseText(request.Message) });
    }

    /// <summary>
    /// The message's UTF-16 units in reverse order: all a yardstick needs for the load runs' ASCII text. Not an overload
    /// of <see cref="Reverse"/>: JSON transcoding finds the handler by its name and refuses two.
    /// </summary>
    public static string ReverseText(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var characters = message.ToCharArray();
        Array.Reverse(characters);
        return new string(characters);
    }
}
