namespace RpcLab.Tests.Interop;

/// <summary>@grpc/grpc-js (pure JavaScript on Node's http2) as the client of RpcLab's gRPC server.</summary>
public sealed class NodeGrpcClientTests
{
    private const Peer Client = Peer.NodeGrpc;

    [PeerFact(Client)]
    public async Task Unary_ReverseReturnsTheReversedMessage()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "unary");

        GrpcClientExpectations.Unary(seen);
    }

    [PeerFact(Client)]
    public async Task Errors_ArriveAsGrpcStatusesWithTheServersMessage()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "error");

        GrpcClientExpectations.Error(seen);
    }

    [PeerFact(Client)]
    public async Task ServerStreaming_RepeatYieldsEveryItemInOrder()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "server_streaming");

        GrpcClientExpectations.ServerStreaming(seen);
    }

    [PeerFact(Client)]
    public async Task ClientStreaming_CollectJoinsTheStream()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "client_streaming");

        GrpcClientExpectations.ClientStreaming(seen);
    }

    [PeerFact(Client)]
    public async Task Bidi_ChatAnswersEachMessageBeforeTheNextIsSent()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "bidi");

        GrpcClientExpectations.Bidi(seen);
    }

    [PeerFact(Client)]
    public async Task Deadline_SlowCallEndsWithDeadlineExceededTheServerCancelsItAndKeepsServing()
    {
        await using var server = await OurGrpcServer.StartAsync();

        var seen = await GrpcClientScenario.RunAsync(Client, "deadline", server);

        await GrpcClientExpectations.DeadlineAsync(seen, server);
    }

    [PeerFact(Client)]
    public async Task UnknownMethod_IsUnimplementedAndTheServerKeepsServing()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "unimplemented");

        GrpcClientExpectations.Unimplemented(seen);
    }

    [PeerFact(Client)]
    public async Task Cancel_ClientCancelsAStreamAndTheServerKeepsServing()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "cancel");

        Assert.Equal(["tick #1", "tick #2"], GrpcClientExpectations.Strings(seen, "received"));
        Assert.Equal("CANCELLED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
    }
}
