using System.Text.Json.Serialization;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.JsonRpc;

/// <summary>The <c>data</c> of an error reply that carries an RpcLab status: <c>{"status": "NotFound"}</c>. Immutable.</summary>
internal sealed record ErrorData([property: JsonConverter(typeof(JsonStringEnumConverter<RpcStatusCode>))] RpcStatusCode Status)
{
    /// <summary>
    /// For the server's call log only, never sent: what the client reads plus the hidden cause of an internal error
    /// (<see cref="RpcErrors.LogDetail"/>); null when the log says what the client reads.
    /// </summary>
    [JsonIgnore]
    public string? LogDetail { get; init; }
}
