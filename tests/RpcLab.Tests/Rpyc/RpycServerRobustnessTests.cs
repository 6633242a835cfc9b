using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Rpyc;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Tests.Rpyc;

/// <summary>
/// The rpyc server at the byte level: GETROOT exactly as rpyc sends it, 6.x's layout, a malformed or oversized frame
/// closing only its own connection (logged) while other clients carry on, and the per-connection reference limit.
/// </summary>
public sealed class RpycServerRobustnessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Getroot_as_rpyc_5_sends_it_is_answered_with_a_reference_and_its_seq()
    {
        await using var server = await TestServer.StartAsync("rpyc");
        using var socket = await ConnectAsync(server);
        await using var stream = new NetworkStream(socket);

        await stream.WriteAsync(Convert.FromHexString("0000000800" + "1251501153115102" + "0a"));
        var reply = Brine.Load(await ReadPayloadAsync(stream)) as object?[];

        Assert.NotNull(reply);
        Assert.Equal(2L, reply[0]); // REPLY
        Assert.Equal(0L, reply[1]); // the request's seq
        var boxed = Assert.IsType<object?[]>(reply[2]);
        Assert.Equal(4L, boxed[0]); // REMOTE_REF
        Assert.Equal("rpclab.RpcLabService", Assert.IsType<object?[]>(boxed[1])[0]);
    }

    [Fact]
    public async Task A_rpyc_6_request_is_answered_in_6_layout()
    {
        await using var server = await TestServer.StartAsync("rpyc");
        using var socket = await ConnectAsync(server);
        await using var stream = new NetworkStream(socket);

        // 6.x: the message type as a raw byte, then (seq, (handler, boxed args)): PING "hi" with seq 7.
        var request = new RpycMessage(1, 7, new object?[] { 1L, new object?[] { 1L, new object?[] { "hi" } } }).Encode(ProtocolVersion.V6);
        await stream.WriteAsync(RpycFraming.Encode(request));
        var payload = await ReadPayloadAsync(stream);

        Assert.Equal(2, payload[0]); // REPLY, as a raw byte
        var body = Assert.IsType<object?[]>(Brine.Load(payload.AsSpan(1)));
        Assert.Equal(7L, body[0]);
        Assert.Equal(new object?[] { 1L, "hi" }, body[1]);
    }

    [Theory]
    [InlineData("00000003" + "00" + "ffffff" + "0a")] // a frame whose payload is not brine
    [InlineData("00000003" + "00" + "125150" + "58")] // a frame not ending in \n
    [InlineData("7fffffff" + "00")] // a frame over the limit
    [InlineData("00000004" + "01" + "01020304" + "0a")] // flagged compressed, not zlib
    public async Task A_malformed_frame_closes_only_its_connection_and_is_logged(string hex)
    {
        await using var server = await TestServer.StartAsync("rpyc", new TestServerOptions { Client = new() });
        using var bad = await ConnectAsync(server);
        await using var badStream = new NetworkStream(bad);

        await badStream.WriteAsync(Convert.FromHexString(hex));
        var read = await badStream.ReadAsync(new byte[16]).AsTask().WaitAsync(Patience);
        var logged = await server.WaitForCallsAsync(c => c.Method == "-", count: 1);

        Assert.Equal(0, read); // closed by the server
        Assert.Equal(RpcStatusCode.InvalidArgument, logged[0].Status);
        Assert.Contains("closed the connection", logged[0].Detail, StringComparison.Ordinal);
        Assert.Equal("ko", await server.Client.Services.Echo.ReverseAsync("ok"));
    }

    [Fact]
    public async Task A_connection_holding_too_many_references_is_refused_more_with_overflow_error()
    {
        await using var server = await TestServer.StartAsync(new RpycTransport(new RpycOptions { MaxReferencesPerConnection = 3 }));
        using var socket = await ConnectAsync(server);
        await using var stream = new NetworkStream(socket);

        var root = await RequestAsync(stream, 0, 3, []); // GETROOT: one reference
        var rootRef = Assert.IsType<object?[]>(root[2])[1];
        var boxedRoot = new object?[] { 3L, rootRef }; // LOCAL_REF: the server's own object
        await RequestAsync(stream, 1, 4, [boxedRoot, new object?[] { 1L, "echo" }]);
        await RequestAsync(stream, 2, 4, [boxedRoot, new object?[] { 1L, "users" }]);
        var refused = await RequestAsync(stream, 3, 4, [boxedRoot, new object?[] { 1L, "sum" }]);

        Assert.Equal(3L, refused[0]); // EXCEPTION
        var error = Assert.IsType<object?[]>(refused[2]);
        Assert.Equal(new object?[] { "builtins", "OverflowError" }, error[0]);
        Assert.Contains("3 references", (string)Assert.IsType<object?[]>(error[1])[0]!, StringComparison.Ordinal);
    }

    private static async Task<Socket> ConnectAsync(TestServer server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Host, server.Port);
        return socket;
    }

    private static async Task<object?[]> RequestAsync(Stream stream, long seq, long handler, object?[] boxedArgs)
    {
        var payload = Brine.Dump(new object?[] { 1L, seq, new object?[] { handler, new object?[] { 2L, boxedArgs } } });
        await stream.WriteAsync(RpycFraming.Encode(payload));
        var reply = Assert.IsType<object?[]>(Brine.Load(await ReadPayloadAsync(stream)));
        Assert.Equal(seq, reply[1]);
        return reply;
    }

    private static async Task<byte[]> ReadPayloadAsync(Stream stream) =>
        await RpycFraming.ReadAsync(stream, 1 << 20, null, CancellationToken.None).WaitAsync(Patience) ?? throw new EndOfStreamException();
}
