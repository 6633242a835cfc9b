using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.Rpyc.Server;

/// <summary>What the objects of one server share: the services, and the call log (one line per finished call). Immutable, thread-safe.</summary>
internal sealed record ServerContext(ServiceSet Services, Action<string, RpcStatusCode, TimeSpan, string, string?> Log);
