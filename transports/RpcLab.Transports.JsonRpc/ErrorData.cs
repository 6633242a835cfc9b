using System.Text.Json.Serialization;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.JsonRpc;

/// <summary>The <c>data</c> of an error reply that carries an RpcLab status: <c>{"status": "NotFound"}</c>. Immutable.</summary>
internal sealed record ErrorData([property: JsonConverter(typeof(JsonStringEnumConverter<RpcStatusCode>))] RpcStatusCode Status);
