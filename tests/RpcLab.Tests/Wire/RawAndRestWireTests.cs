using RpcLab.Network;

namespace RpcLab.Tests.Wire;

/// <summary>The raw toolkit's frames and REST's HTTP/1.1 on captured calls to our servers.</summary>
public sealed class RawAndRestWireTests
{
    [Fact]
    public async Task Raw_shows_the_length_prefix_and_the_json()
    {
        var call = await WireCaptures.CallAsync("raw", "echo.reverse", ["hello"]);
        var t = call.Transcript;

        WireCaptures.AssertCoversEveryByte(t);
        Assert.Equal(["00 00 00 80"], WireCaptures.Hex(t, RelayDirection.ClientToServer, "raw frame length"));
        Assert.Equal(["00 00 00 50"], WireCaptures.Hex(t, RelayDirection.ServerToClient, "raw frame length"));
        Assert.Contains("    \"rpc\": \"reverse\",", WireCaptures.Notes(t, RelayDirection.ClientToServer, "JSON message"));
        Assert.Equal("JSON members service \"echo\" + rpc \"reverse\"", t.Facts.MethodCarrier);
    }

    [Fact]
    public async Task Rest_shows_the_request_line_and_the_json_bodies()
    {
        var call = await WireCaptures.CallAsync("rest", "echo.reverse", ["hello"]);
        var t = call.Transcript;

        WireCaptures.AssertCoversEveryByte(t);
        Assert.Contains("POST /v1/echo:reverse HTTP/1.1", WireCaptures.Notes(t, RelayDirection.ClientToServer, "HTTP/1.1 request line and headers"));
        Assert.Contains("HTTP/1.1 200 OK", WireCaptures.Notes(t, RelayDirection.ServerToClient, "HTTP/1.1 status line and headers"));
        var response = t.Messages.Where(m => m.Direction == RelayDirection.ServerToClient).SelectMany(m => m.Parts).SelectMany(p => p.Notes);
        Assert.Contains("  \"message\": \"olleh\"", response);
        Assert.Equal("the status line: HTTP/1.1 200 OK", t.Facts.Status);
    }
}
