using System.Text;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Tests.Raw;

/// <summary>Reading a frame's payload as a message: any property order, and a clear Protocol Error for anything else.</summary>
public sealed class MessageParserTests
{
    [Fact]
    public void A_request_is_read_whatever_the_order_of_its_properties()
    {
        var text = """{"value":{"args":[32,"hello"],"rpc":"rpc1","argTypes":["int","str"],"id":7,"client":"c1","service":"service1","timeoutMs":500},"header":"request"}""";

        var (kind, id, service, rpc, client, timeout, argTypes, args) = Read(text);

        Assert.Equal((MessageKind.Request, 7L, "service1", "rpc1", "c1", 500L), (kind, id, service, rpc, client, timeout));
        Assert.Equal(["int", "str"], argTypes!);
        Assert.Equal([32, "hello"], args);
    }

    [Theory]
    [InlineData("{\"header\":\"request\",", "invalid message")]
    [InlineData("[1,2,3]", "a message is a JSON object")]
    [InlineData("{\"header\":\"greeting\",\"value\":{}}", "unknown header \"greeting\"")]
    [InlineData("{\"header\":\"request\"}", "the message has no value")]
    [InlineData("{\"value\":{\"id\":1}}", "the message has no header")]
    [InlineData("{\"header\":\"end\",\"value\":{}}", "end messages carry an id")]
    [InlineData("{\"header\":\"request\",\"value\":{\"id\":1,\"service\":\"echo\",\"rpc\":\"reverse\",\"args\":[\"x\"]}}", "declares its argTypes")]
    [InlineData("{\"header\":\"request\",\"value\":{\"id\":\"one\"}}", "id must be a whole number")]
    [InlineData("{\"header\":\"more\",\"value\":{\"id\":1,\"count\":0}}", "count must be a whole number, 1 or more")]
    [InlineData("{\"header\":\"end\",\"value\":{\"id\":1}} {}", "is invalid after a single JSON value")]
    [InlineData("", "an empty message")]
    public void Anything_but_a_message_is_a_protocol_error_that_says_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<ProtocolException>(() => MessageParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_protocol_error_names_the_call_when_the_message_got_far_enough_to_say()
    {
        var error = Assert.Throws<ProtocolException>(() => MessageParser.Parse(
            """{"header":"request","value":{"id":42,"service":"echo","rpc":"reverse","argTypes":["str"]}}"""u8));

        Assert.Equal(42, error.Id);
    }

    // The request's fields, with args read as the declared types (what a server does).
    private static (MessageKind, long?, string?, string?, string?, long?, string[]?, object?[]) Read(string text)
    {
        var message = MessageParser.Parse(Encoding.UTF8.GetBytes(text));
        var types = message.ArgTypes!.Select(t => RawTypes.Parse(t)!).ToArray();
        var args = Signature.ReadValues(ref message.Values, types, "argument");
        return (message.Kind, message.Id, message.Service, message.Rpc, message.Client, message.TimeoutMs, message.ArgTypes, args);
    }
}
