using RpcLab.Services.Errors;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>The documented mapping between RpcLab statuses and JSON-RPC error codes.</summary>
public sealed class ErrorCodeTests
{
    public static TheoryData<RpcStatusCode> Failures => new(Enum.GetValues<RpcStatusCode>().Where(s => s != RpcStatusCode.OK));

    [Theory]
    [MemberData(nameof(Failures))]
    public void Every_status_survives_the_trip_through_its_code_alone(RpcStatusCode status)
    {
        // Act
        var code = JsonRpcErrorCodes.FromStatus(status);

        // Assert: the code is outside the specification's own, and maps back even without data.status.
        Assert.DoesNotContain(code, new[] { -32700, -32600, -32601, -32602, -32603 });
        Assert.Equal(status, JsonRpcErrorCodes.ToStatus(code));
    }

    [Theory]
    [InlineData(RpcStatusCode.NotFound, -32005)]
    [InlineData(RpcStatusCode.InvalidArgument, -32003)]
    [InlineData(RpcStatusCode.ResourceExhausted, -32008)]
    [InlineData(RpcStatusCode.Cancelled, -32800)]
    public void Status_codes_are_the_documented_numbers(RpcStatusCode status, int code)
    {
        Assert.Equal(code, JsonRpcErrorCodes.FromStatus(status));
    }

    [Theory]
    [InlineData(-32601, RpcStatusCode.Unimplemented)]
    [InlineData(-32602, RpcStatusCode.InvalidArgument)]
    [InlineData(-32700, RpcStatusCode.Internal)]
    [InlineData(-32600, RpcStatusCode.Internal)]
    [InlineData(-32603, RpcStatusCode.Internal)]
    [InlineData(-32001, RpcStatusCode.NotFound)]
    [InlineData(-32000, RpcStatusCode.Unknown)]
    [InlineData(42, RpcStatusCode.Unknown)]
    public void Standard_and_foreign_codes_map_to_sensible_statuses(int code, RpcStatusCode status)
    {
        Assert.Equal(status, JsonRpcErrorCodes.ToStatus(code));
    }
}
