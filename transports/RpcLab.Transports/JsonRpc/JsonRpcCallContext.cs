using System.Text.Json;

namespace RpcLab.Transports.JsonRpc;

/// <summary>What a method handler gets: the connection (for streams), its params and the request's cancellation.</summary>
internal sealed record JsonRpcCallContext(JsonRpcConnection Connection, string Method, JsonElement? Params, CancellationToken CancellationToken);
