using Google.Protobuf;
using Google.Protobuf.Reflection;
using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.FirstRpc;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Tests.Seminar;

/// <summary>The checker's field codec writes and reads the same bytes as generated protobuf code.</summary>
public sealed class ProtoFieldTests
{
    [Fact]
    public void A_string_and_an_integer_field_round_trip_with_generated_messages()
    {
        // Arrange
        var message = ProtoField.Resolve(RepeatRequest.Descriptor, new ProtoField("message", 1, FieldType.String), "Repeat");
        var count = ProtoField.Resolve(RepeatRequest.Descriptor, new ProtoField("count", 1, FieldType.Int64), "Repeat");
        var generated = new RepeatRequest { Message = "héllo", Count = -3, IntervalMs = 7 }.ToByteArray();

        // Act
        var encoded = RepeatRequest.Parser.ParseFrom(message.Encode("hi"));

        // Assert
        Assert.Equal(2, count.Number);
        Assert.Equal("héllo", message.Decode(generated));
        Assert.Equal(-3L, count.Decode(generated));
        Assert.Equal("hi", encoded.Message);
        Assert.Equal(-3, RepeatRequest.Parser.ParseFrom(count.Encode(-3L)).Count);
        Assert.Equal(string.Empty, message.Decode([]));
    }

    [Fact]
    public void A_missing_field_or_one_of_the_wrong_type_fails_naming_the_method()
    {
        // Act
        var missing = Assert.Throws<CheckFailedException>(() => ProtoField.Resolve(EchoRequest.Descriptor, new ProtoField("text", 1, FieldType.String), "Upper"));
        var wrong = Assert.Throws<CheckFailedException>(() => ProtoField.Resolve(EchoRequest.Descriptor, new ProtoField("message", 1, FieldType.Int32), "Countdown"));

        // Assert
        Assert.Equal("Upper: message EchoRequest has no field 'text' (the sheet's: string text = 1;)", missing.Message);
        Assert.StartsWith("Countdown: field EchoRequest.message is String, not an integer", wrong.Message, StringComparison.Ordinal);
    }
}
