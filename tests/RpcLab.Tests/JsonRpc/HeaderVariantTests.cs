using System.Text;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Content-Length headers as other implementations write them: leading zeros, no space or a tab after
/// the colon (vscode-jsonrpc trims both), trailing blanks, header order. Each is read as the same frame.
/// </summary>
public sealed class HeaderVariantTests
{
    private const string Reverse = """{"jsonrpc":"2.0","method":"echo.reverse","params":["hello"],"id":1}""";

    [Theory]
    [InlineData("Content-Length: 0{0}\r\n\r\n")]
    [InlineData("Content-Length:{0}\r\n\r\n")]
    [InlineData("Content-Length:\t{0}\r\n\r\n")]
    [InlineData("Content-Length: {0} \t\r\n\r\n")]
    [InlineData("CONTENT-LENGTH: {0}\r\n\r\n")]
    [InlineData("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {0}\r\n\r\n")]
    public async Task Header_variants_frame_the_same_message(string headerFormat)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();
        var body = Encoding.UTF8.GetBytes(Reverse);

        // Act
        await socket.SendRawAsync([.. Encoding.ASCII.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, headerFormat, body.Length)), .. body]);

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","result":"olleh","id":1}""", await socket.ReceiveAsync());
    }
}
