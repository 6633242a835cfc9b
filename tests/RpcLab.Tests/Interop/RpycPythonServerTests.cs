using System.Globalization;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Rpyc;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Our rpyc client against a real rpyc ThreadedServer (tests/peers/python/rpyc_server.py): its results, a Python
/// generator as our server stream, our request streams pulled by Python's own iteration, a dict read through its
/// reference, and a Python exception as our status.
/// </summary>
public sealed class RpycPythonServerTests
{
    [PeerFact(Peer.PythonRpyc)]
    public async Task Our_client_calls_a_python_threaded_server_in_every_call_shape()
    {
        await using var process = Peers.Start(Peer.PythonRpyc, "python/rpyc_server.py", "--port", "0");
        var line = await process.WaitForLineAsync(l => l.StartsWith("listening on ", StringComparison.Ordinal), "starting with 'listening on '");
        var port = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        await using var client = await new RpycTransport().ConnectAsync(new ClientOptions { Host = "127.0.0.1", Port = port });
        var echo = client.Services.Echo;

        Assert.Equal("olleh", await echo.ReverseAsync("hello"));
        Assert.Equal(["x #1", "x #2", "x #3"], await echo.RepeatAsync("x", 3).ToListAsync());
        Assert.Equal("a b c", await echo.CollectAsync(new[] { "a", "b", "c" }.ToAsyncEnumerable()));
        Assert.Equal(["eno", "owt"], await echo.ChatAsync(new[] { "one", "two" }.ToAsyncEnumerable()).ToListAsync());
        Assert.Equal(new User("1", "Python Peer", "peer@example.com"), await client.Services.Users.GetAsync("1"));
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.Services.Users.GetAsync("2"));
        Assert.Equal(RpcStatusCode.NotFound, missing.Status);
        Assert.Contains("'2'", missing.Detail, StringComparison.Ordinal);
        var deadline = await Assert.ThrowsAsync<RpcException>(() => client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(200) }).Echo.DelayAsync("slow", 2000));
        Assert.Equal(RpcStatusCode.DeadlineExceeded, deadline.Status);
    }
}
