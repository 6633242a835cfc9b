using System.Text.Json;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Our zerorpc server against a foreign client written from the protocol's facts on pyzmq + msgpack: the call
/// and its wire facts, errors, a long stream under the reference's credit rules, introspection, and a call that
/// outlives the heartbeat timeout.
/// </summary>
public sealed class ZeroRpcPythonClientTests
{
    [PeerFact(Peer.PythonZeroRpc)]
    public async Task Unary_call_and_its_reply_header_follow_the_protocol()
    {
        var (seen, server) = await ZeroRpcClientScenario.RunAsync("unary");
        await using var _ = server;

        Assert.Equal("olleh", seen.GetProperty("reply").GetString());
        AssertWireFacts(seen.GetProperty("wire"), events: 1);
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task Errors_are_ERR_events_named_by_status_and_the_server_keeps_serving()
    {
        var (seen, server) = await ZeroRpcClientScenario.RunAsync("error");
        await using var _ = server;

        AssertError(seen, "not_found", "NotFound", "999");
        AssertError(seen, "unknown_method", "NameError", "echo.nope");
        AssertError(seen, "wrong_type", "InvalidArgument", "count");
        AssertError(seen, "missing_argument", "InvalidArgument", "message");
        Assert.Equal("ko", seen.GetProperty("after").GetString());
        var logged = await server.WaitForCallsAsync(c => c.Status != RpcStatusCode.OK, count: 4);
        Assert.Contains(logged, c => c.Method == "echo.nope" && c.Status == RpcStatusCode.Unimplemented);
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task Python_values_bind_to_the_contract_and_records_come_back_as_maps()
    {
        var (seen, server) = await ZeroRpcClientScenario.RunAsync("types");
        await using var _ = server;

        var user = seen.GetProperty("user");
        Assert.Equal("1", user.GetProperty("Id").GetString());
        Assert.Equal("John Doe", user.GetProperty("Name").GetString());
        Assert.Equal(3.0, seen.GetProperty("add").GetDouble());
        Assert.Equal([1, 2, 3], seen.GetProperty("sort").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([5L, 7L, 9L], seen.GetProperty("sum").GetProperty("Sum").EnumerateArray().Select(e => e.GetInt64()));
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task A_stream_of_250_items_flows_only_as_the_reference_clients_credit_allows()
    {
        var (seen, server) = await ZeroRpcClientScenario.RunAsync("stream");
        await using var _ = server;

        Assert.Equal(250, seen.GetProperty("count").GetInt32());
        Assert.Equal("item #1", seen.GetProperty("first").GetString());
        Assert.Equal("item #250", seen.GetProperty("last").GetString());
        Assert.Equal(0, seen.GetProperty("credit_violations").GetInt32());
        Assert.Equal([100, 51, 51, 51, 51], seen.GetProperty("grants").EnumerateArray().Select(e => e.GetInt32()));
        AssertWireFacts(seen.GetProperty("wire"), events: 251);
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task Introspection_answers_as_zerorpc_python_shapes_it()
    {
        var (seen, server) = await ZeroRpcClientScenario.RunAsync("introspection");
        await using var _ = server;

        Assert.Equal(["pong", "rpclab"], seen.GetProperty("ping").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("rpclab", seen.GetProperty("name").GetString());
        Assert.Contains("echo.reverse", seen.GetProperty("list").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("rpclab", seen.GetProperty("inspect_name").GetString());
        var repeatArgs = seen.GetProperty("inspect_repeat").GetProperty("args").EnumerateArray().ToList();
        Assert.Equal(["message", "count", "intervalMs"], repeatArgs.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(0, repeatArgs[2].GetProperty("default").GetInt32());
        Assert.StartsWith("echo.repeat(", seen.GetProperty("help").GetString());
        Assert.Equal(4, seen.GetProperty("args").GetArrayLength());
        Assert.Equal("NameError", seen.GetProperty("unknown_help").GetProperty("name").GetString());
    }

    // One of the few slow tests: it must outlast the 15-20 s after which a silent peer counts as lost.
    [PeerFact(Peer.PythonZeroRpc)]
    public async Task A_call_longer_than_the_heartbeat_timeout_is_kept_alive_with_a_passive_client()
    {
        var (seen, server) = await ZeroRpcClientScenario.RunAsync("long");
        await using var _ = server;

        Assert.Equal("slow", seen.GetProperty("reply").GetString());
        // Beats every 5 s from 5 s on: two at least within the call (a third may come late on a busy machine).
        Assert.True(seen.GetProperty("server_heartbeats").GetInt32() >= 2, seen.ToString());
        Assert.True(seen.GetProperty("heartbeats_sent").GetInt32() >= 1, seen.ToString());
    }

    private static void AssertWireFacts(JsonElement wire, int events)
    {
        Assert.True(wire.GetProperty("events").GetInt32() >= events, wire.ToString());
        Assert.True(wire.GetProperty("ids_are_hex_bin").GetBoolean(), wire.ToString());
        Assert.True(wire.GetProperty("ids_distinct").GetBoolean(), wire.ToString());
        Assert.Equal([3], wire.GetProperty("versions").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(wire.GetProperty("response_to_is_request_id").GetBoolean(), wire.ToString());
    }

    private static void AssertError(JsonElement seen, string property, string name, string inMessage)
    {
        var error = seen.GetProperty(property);
        Assert.Equal(name, error.GetProperty("name").GetString());
        Assert.Contains(inMessage, error.GetProperty("message").GetString());
    }
}
