using RpcLab.Composition;

namespace RpcLab.Tests.Cli;

public sealed class ListeningLineTests
{
    [Fact]
    public void Formatted_line_parses_back()
    {
        var line = ListeningLine.Format("grpc", "127.0.0.1", 50051, "/tmp/data dir");

        Assert.Equal("rpclab grpc server listening on 127.0.0.1:50051 (data: /tmp/data dir)", line);
        Assert.True(ListeningLine.TryParse(line, out var endpoint));
        Assert.Equal(new ListeningLine.Endpoint("grpc", "127.0.0.1", 50051, "/tmp/data dir"), endpoint);
    }

    [Fact]
    public void Ipv6_host_is_bracketed_and_parses_back()
    {
        var line = ListeningLine.Format("jsonrpc", "::1", 4000, "/d");

        Assert.Contains("[::1]:4000", line);
        Assert.True(ListeningLine.TryParse(line, out var endpoint));
        Assert.Equal("::1", endpoint.Host);
        Assert.Equal(4000, endpoint.Port);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("rpclab grpc server stopped")]
    [InlineData("rpclab grpc server listening on 127.0.0.1:0 (data: /d)")]
    [InlineData("rpclab grpc server listening on 127.0.0.1:70000 (data: /d)")]
    [InlineData("12:00:00.000  127.0.0.1:5000  echo.reverse  OK  1.0 ms")]
    public void Other_lines_do_not_parse(string? line)
    {
        Assert.False(ListeningLine.TryParse(line, out _));
    }
}
