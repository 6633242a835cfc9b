namespace RpcLab.Tests.Interop;

/// <summary>Python grpcio (the gRPC C core) as the client of RpcLab's gRPC server.</summary>
public sealed class PythonGrpcClientTests
{
    private const Peer Client = Peer.PythonGrpc;

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
    public async Task LargeFile_OneMebibyteUploadsAndDownloadsInChunksIntact()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "large");

        var sha256 = seen.GetProperty("sha256").GetString();
        Assert.Equal(1024 * 1024, seen.GetProperty("server_size").GetInt64());
        Assert.Equal(sha256, seen.GetProperty("server_sha256").GetString());
        Assert.Equal(1024 * 1024, seen.GetProperty("downloaded_size").GetInt64());
        Assert.Equal(sha256, seen.GetProperty("downloaded_sha256").GetString());
        Assert.True(seen.GetProperty("chunks_down").GetInt32() > 1, $"a 1 MiB download must come in several chunks: {seen}");
    }

    [PeerFact(Client)]
    public async Task Users_CreateGetUpdateListDelete()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "users_crud");

        var created = seen.GetProperty("created");
        var id = created.GetProperty("id").GetString();
        Assert.Equal("Ada", created.GetProperty("name").GetString());
        Assert.Equal(created.ToString(), seen.GetProperty("got").ToString());
        Assert.Equal("Ada L.", seen.GetProperty("updated").GetProperty("name").GetString());
        Assert.Equal("ada@example.org", seen.GetProperty("updated").GetProperty("email").GetString());
        Assert.Contains(id, GrpcClientExpectations.Strings(seen, "listed_ids"));
        Assert.Equal("NOT_FOUND", seen.GetProperty("after_delete").GetProperty("code").GetString());
    }

    [PeerFact(Client)]
    public async Task Sum_AddsElementWiseWithoutOverflow()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "sum");

        // int64 travels as a JSON number from Python; 2147483647 + 1 must not wrap.
        Assert.Equal([11L, 22L, 33L, 2147483648L], seen.GetProperty("sum").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(2, seen.GetProperty("workers").GetInt32());
    }

    [PeerFact(Client)]
    public async Task Compute_AddAndASortJobSubmittedAndAwaited()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "compute");

        Assert.Equal(3.75, seen.GetProperty("add").GetDouble());
        Assert.Equal("sort", seen.GetProperty("job_kind").GetString());
        Assert.Equal("DONE", seen.GetProperty("job_state").GetString());
        Assert.Equal([1, 3, 5, 9], seen.GetProperty("sorted").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(seen.GetProperty("has_sum").GetBoolean(), "a sort job has no sum");
    }

    [PeerFact(Client)]
    public async Task Cancel_ClientCancelsAStreamAndTheServerKeepsServing()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "cancel");

        Assert.Equal(["tick #1", "tick #2"], GrpcClientExpectations.Strings(seen, "received"));
        Assert.Equal("CANCELLED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
    }

    [PeerFact(Client)]
    public async Task TooLargeRequest_IsResourceExhaustedAndTheServerKeepsServing()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "too_large");

        Assert.Equal("RESOURCE_EXHAUSTED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
    }

    [PeerFact(Client)]
    public async Task Concurrent_TwentyCallsInFlightOnOneChannelAllAnswered()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "concurrent");

        Assert.Equal(Enumerable.Range(0, 20).Select(i => new string($"m{i}".Reverse().ToArray())), GrpcClientExpectations.Strings(seen, "replies"));
    }

    [PeerFact(Client)]
    public async Task LongError_AStatusMessageOverTheClientsHeaderLimitStillArrivesWithItsStatus()
    {
        var seen = await GrpcClientScenario.RunAsync(Client, "long_error");

        Assert.Equal("INVALID_ARGUMENT", seen.GetProperty("code").GetString());
        Assert.StartsWith("arr1: 'xxx", seen.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("sum of array is : [4, 6]", seen.GetProperty("after").GetString());
    }
}
