using RpcLab.Services.Contracts;
using RpcLab.Tests.Infrastructure;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// An echo service whose <c>ReverseAsync</c> fails the way a bug does (an exception the service never meant for
/// its caller); everything else is the inner service's. Thread-safe.
/// </summary>
public sealed class FailingEcho(IEchoService inner) : DelegatingEchoService(inner)
{
    public const string Failure = "the reverser broke";

    public override Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Failure);
}
