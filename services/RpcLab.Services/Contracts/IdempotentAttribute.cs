namespace RpcLab.Services.Contracts;

/// <summary>
/// Marks a contract method whose repetition is harmless: running it twice leaves the same state and answers the same
/// reply as running it once (a read, a pure computation, an update that sets values). It is the one declaration of
/// idempotency: the clients' retry policy reads it (gRPC's service config and the Polly strategy of the message-based
/// transports alike), because a client that lost a reply cannot tell whether the server ran the call, and only an
/// idempotent call may safely run again. Methods without it (create, submit, rename, delete) are retried on
/// Unavailable only when asked to, and then carry a <see cref="RequestId"/> so the server runs them at most once.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
}
