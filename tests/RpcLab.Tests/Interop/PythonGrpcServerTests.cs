using System.Threading.Channels;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Interop;

/// <summary>
/// RpcLab's C# gRPC client against a Python grpcio server it did not write: every call shape, status
/// codes and messages, and deadlines.
/// </summary>
public sealed class PythonGrpcServerTests
{
    // Bounds every test that could hang on a broken transport; far above what a working call needs.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [PeerFact(Peer.PythonGrpc)]
    public async Task Unary_Reverse()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var reply = await client.Services.Echo.ReverseAsync("hello");

        Assert.Equal("olleh", reply);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task ClientStreaming_Collect()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var reply = await client.Services.Echo.CollectAsync(Items("a", "b", "c"));

        Assert.Equal("a b c", reply);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task ServerStreaming_Repeat()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var replies = await RepeatAsync(client, "hi", 3);

        Assert.Equal(["hi #1", "hi #2", "hi #3"], replies);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task ServerStreaming_EmptyStream()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var replies = await RepeatAsync(client, "none", 0);

        Assert.Empty(replies);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Bidi_ChatAnswersEachMessageBeforeTheNextIsSent()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);
        using var guard = new CancellationTokenSource(Guard);
        string[] sent = ["one", "two", "three"];
        var requests = Channel.CreateUnbounded<string>();
        var replies = new List<string>();

        // The next request is written only when the previous reply has arrived, so a client that
        // buffered the request stream (or a server that waited for its end) would stall here.
        await requests.Writer.WriteAsync(sent[0], guard.Token);
        try
        {
            await foreach (var reply in client.Services.Echo.ChatAsync(requests.Reader.ReadAllAsync(guard.Token), guard.Token))
            {
                replies.Add(reply);
                if (replies.Count < sent.Length)
                {
                    await requests.Writer.WriteAsync(sent[replies.Count], guard.Token);
                }
                else
                {
                    requests.Writer.Complete();
                }
            }
        }
        catch (Exception e) when (guard.IsCancellationRequested)
        {
            Assert.Fail($"got {replies.Count} of {sent.Length} replies, then none within {Guard.TotalSeconds} s: requests or replies are held back " +
                $"until the stream ends ({e.GetType().Name}: {e.Message})\n{server.Describe()}");
        }

        Assert.Equal(["eno", "owt", "eerht"], replies);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Deadline_SlowCallThrowsDeadlineExceeded()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);
        var hurried = client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        var error = await Assert.ThrowsAsync<RpcException>(() => hurried.Echo.DelayAsync("late", 5000));

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        Assert.Equal("olleh", await client.Services.Echo.ReverseAsync("hello"));
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Users_GetsTheSeededUser()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var user = await client.Services.Users.GetAsync("1");

        Assert.Equal("1", user.Id);
        Assert.Equal("John Doe", user.Name);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Users_UnknownIdIsNotFoundWithTheServersMessage()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Services.Users.GetAsync("999"));

        Assert.Equal(RpcStatusCode.NotFound, error.Status);
        Assert.Equal(PythonGrpcServer.NotFoundMessage("999"), error.Detail);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Users_EmptyNameIsInvalidArgument()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Services.Users.CreateAsync("", "a@example.com"));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.Equal("name must not be empty (python server)", error.Detail);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Users_CreateUpdateListDelete()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);
        var users = client.Services.Users;

        var created = await users.CreateAsync("Ada", "ada@example.com");
        var updated = await users.UpdateAsync(created.Id, "Ada L.", "ada@example.org");
        var listed = await users.ListAsync();
        await users.DeleteAsync(created.Id);
        var afterDelete = await Assert.ThrowsAsync<RpcException>(() => users.GetAsync(created.Id));

        Assert.Equal("2", created.Id);
        Assert.Equal(new User("2", "Ada L.", "ada@example.org"), updated);
        Assert.Equal(["1", "2"], listed.Select(u => u.Id));
        Assert.Equal(RpcStatusCode.NotFound, afterDelete.Status);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task ServiceTheServerLacks_IsUnimplemented()
    {
        await using var server = await PythonGrpcServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Services.Sum.SumAsync([1], [2]));

        Assert.Equal(RpcStatusCode.Unimplemented, error.Status);
    }

    private static Task<IRpcClient> ConnectAsync(PythonGrpcServer server) =>
        new GrpcTransport().ConnectAsync(new ClientOptions { Host = "127.0.0.1", Port = server.Port });

    // The whole Repeat stream, bounded by Guard so a stream that never ends fails instead of hanging.
    private static async Task<List<string>> RepeatAsync(IRpcClient client, string message, int count)
    {
        using var guard = new CancellationTokenSource(Guard);
        return await client.Services.Echo.RepeatAsync(message, count, cancellationToken: guard.Token).ToListAsync(guard.Token);
    }

    private static async IAsyncEnumerable<string> Items(params string[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
