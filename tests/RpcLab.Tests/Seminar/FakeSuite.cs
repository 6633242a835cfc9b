using System.Net.Sockets;
using RpcLab.Seminar.Checks;

namespace RpcLab.Tests.Seminar;

/// <summary>A check suite of the tests' own (discovery never sees it): connects to the server, and fails on purpose when told to.</summary>
public sealed class FakeSuite(bool failOne = false) : ILabCheckSuite
{
    public string Name => "fake";

    public IReadOnlyList<string> Transports => ["grpc", "jsonrpc"];

    public IReadOnlyList<LabCheck> Checks =>
    [
        new("Server accepts a connection", async (context, cancellationToken) =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(context.Host, context.Port, cancellationToken);
            context.CountCall(4105);
            return CheckOutcome.Pass();
        }),
        new("Reverse answers the reversed message", (context, _) =>
        {
            context.CountCall(5);
            return Task.FromResult(failOne ? CheckOutcome.Fail("Reverse returned the message unchanged", "hello", "hello") : CheckOutcome.Pass());
        }),
    ];
}
