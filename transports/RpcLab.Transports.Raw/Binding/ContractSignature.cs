using RpcLab.Transports.Invocation;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Binding;

/// <summary>
/// The raw signature of a contract method, the same for the server's table and the client's stub:
/// <c>users.get(str) -> User</c>, <c>files.upload(str, Stream[bytes]) -> FileEntry</c>, <c>echo.repeat(str, int, int)
/// -> Stream[str]</c>, <c>users.delete(str) -> ()</c>. Thread-safe (stateless).
/// </summary>
internal static class ContractSignature
{
    public static Signature Of(RpcMethod method)
    {
        var args = method.DeclaredParameters.Select(p => RawTypes.Of(p.Type)).ToArray();
        RawType[] returns = method.StreamsResult
            ? [RawTypes.Of(typeof(IAsyncEnumerable<>).MakeGenericType(method.ResultType!))]
            : method.ResultType is null ? [] : [RawTypes.Of(method.ResultType)];
        return new Signature(args, returns);
    }
}
