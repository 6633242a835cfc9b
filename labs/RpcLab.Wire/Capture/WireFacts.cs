namespace RpcLab.Wire.Capture;

/// <summary>
/// What a decoder learnt about the call from its bytes, for the comparison table of <c>rpclab wire --transport all</c>.
/// Null where the capture did not show it.
/// </summary>
/// <param name="MethodCarrier">What carries the method's name, with the name as sent (":path /rpclab.echo.Echo/Reverse").</param>
/// <param name="Status">How the outcome is told (grpc-status 0 in trailers, HTTP 200, an OK event).</param>
/// <param name="Types">How values are typed on the wire (protobuf field numbers and wire types, JSON, msgpack types).</param>
public sealed record WireFacts(string? MethodCarrier = null, string? Status = null, string? Types = null)
{
    /// <summary>This, with the gaps filled from <paramref name="other"/>.</summary>
    public WireFacts Or(WireFacts other) =>
        new(MethodCarrier ?? other.MethodCarrier, Status ?? other.Status, Types ?? other.Types);
}
