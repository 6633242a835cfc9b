using System.Text.Json;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Foreign gRPC clients of RpcLab's gRPC server: Python grpcio (the gRPC C core) and @grpc/grpc-js (pure
/// JavaScript on Node's http2). Each case runs once per peer whose client script has that scenario, so
/// both hold the server to the same behaviour; a missing peer skips (or, when required, fails) only its rows.
/// </summary>
public sealed class GrpcClientPeerTests
{
    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task Unary_ReverseReturnsTheReversedMessage(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "unary");

        Assert.Equal("olleh", seen.GetProperty("reply").GetString());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task Errors_ArriveAsGrpcStatusesWithTheServersMessage(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "error");

        var notFound = seen.GetProperty("not_found");
        Assert.Equal("NOT_FOUND", notFound.GetProperty("code").GetString());
        Assert.Contains("999", notFound.GetProperty("details").GetString());
        var invalid = seen.GetProperty("invalid_argument");
        Assert.Equal("INVALID_ARGUMENT", invalid.GetProperty("code").GetString());
        Assert.Contains("name", invalid.GetProperty("details").GetString());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task ServerStreaming_RepeatYieldsEveryItemInOrder(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "server_streaming");

        Assert.Equal(["hi #1", "hi #2", "hi #3"], Strings(seen, "replies"));
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task ClientStreaming_CollectJoinsTheStream(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "client_streaming");

        Assert.Equal("a b c", seen.GetProperty("reply").GetString());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task Bidi_ChatAnswersEachMessageBeforeTheNextIsSent(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "bidi");

        Assert.True(seen.GetProperty("answered_in_turn").GetBoolean(), $"each Chat reply must arrive before the next request is sent: {seen}");
        Assert.Equal(["eno", "owt", "eerht"], Strings(seen, "replies"));
    }

    /// <summary>The client gave up with DEADLINE_EXCEEDED, the server's handler was cancelled (not left to run), and it kept serving.</summary>
    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task Deadline_SlowCallEndsWithDeadlineExceededTheServerCancelsItAndKeepsServing(Peer client)
    {
        await using var server = await OurGrpcServer.StartAsync();

        var seen = await GrpcClientScenario.RunAsync(client, "deadline", server);

        Assert.Equal("DEADLINE_EXCEEDED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
        Assert.True(server.ServerEcho.DelayStarted.IsCompleted, $"the Delay call never reached the server: {seen}");
        Assert.Equal("cancelled", await server.ServerEcho.DelayEnded.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task UnknownMethod_IsUnimplementedAndTheServerKeepsServing(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "unimplemented");

        Assert.Equal("UNIMPLEMENTED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    public async Task LargeFile_OneMebibyteUploadsAndDownloadsInChunksIntact(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "large");

        var sha256 = seen.GetProperty("sha256").GetString();
        Assert.Equal(1024 * 1024, seen.GetProperty("server_size").GetInt64());
        Assert.Equal(sha256, seen.GetProperty("server_sha256").GetString());
        Assert.Equal(1024 * 1024, seen.GetProperty("downloaded_size").GetInt64());
        Assert.Equal(sha256, seen.GetProperty("downloaded_sha256").GetString());
        Assert.True(seen.GetProperty("chunks_down").GetInt32() > 1, $"a 1 MiB download must come in several chunks: {seen}");
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    public async Task Users_CreateGetUpdateListDelete(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "users_crud");

        var created = seen.GetProperty("created");
        var id = created.GetProperty("id").GetString();
        Assert.Equal("Ada", created.GetProperty("name").GetString());
        Assert.Equal(created.ToString(), seen.GetProperty("got").ToString());
        Assert.Equal("Ada L.", seen.GetProperty("updated").GetProperty("name").GetString());
        Assert.Equal("ada@example.org", seen.GetProperty("updated").GetProperty("email").GetString());
        Assert.Contains(id, Strings(seen, "listed_ids"));
        Assert.Equal("NOT_FOUND", seen.GetProperty("after_delete").GetProperty("code").GetString());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    public async Task Sum_AddsElementWiseWithoutOverflow(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "sum");

        // int64 travels as a JSON number from Python; 2147483647 + 1 must not wrap.
        Assert.Equal([11L, 22L, 33L, 2147483648L], seen.GetProperty("sum").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(2, seen.GetProperty("workers").GetInt32());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    public async Task Compute_AddAndASortJobSubmittedAndAwaited(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "compute");

        Assert.Equal(3.75, seen.GetProperty("add").GetDouble());
        Assert.Equal("sort", seen.GetProperty("job_kind").GetString());
        Assert.Equal("DONE", seen.GetProperty("job_state").GetString());
        Assert.Equal([1, 3, 5, 9], seen.GetProperty("sorted").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(seen.GetProperty("has_sum").GetBoolean(), "a sort job has no sum");
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    [PeerData(Peer.NodeGrpc)]
    public async Task Cancel_ClientCancelsAStreamAndTheServerKeepsServing(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "cancel");

        Assert.Equal(["tick #1", "tick #2"], Strings(seen, "received"));
        Assert.Equal("CANCELLED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    public async Task TooLargeRequest_IsResourceExhaustedAndTheServerKeepsServing(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "too_large");

        Assert.Equal("RESOURCE_EXHAUSTED", seen.GetProperty("code").GetString());
        Assert.Equal("evila", seen.GetProperty("after").GetString());
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    public async Task Concurrent_TwentyCallsInFlightOnOneChannelAllAnswered(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "concurrent");

        Assert.Equal(Enumerable.Range(0, 20).Select(i => new string($"m{i}".Reverse().ToArray())), Strings(seen, "replies"));
    }

    [Theory]
    [PeerData(Peer.PythonGrpc)]
    public async Task LongError_AStatusMessageOverTheClientsHeaderLimitStillArrivesWithItsStatus(Peer client)
    {
        var seen = await GrpcClientScenario.RunAsync(client, "long_error");

        Assert.Equal("INVALID_ARGUMENT", seen.GetProperty("code").GetString());
        Assert.StartsWith("arr1: 'xxx", seen.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("sum of array is : [4, 6]", seen.GetProperty("after").GetString());
    }

    private static string[] Strings(JsonElement seen, string property) =>
        [.. seen.GetProperty(property).EnumerateArray().Select(e => e.GetString() ?? "")];
}
