using System.Text.Json;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Serialization;

namespace RpcLab.Tests.Serialization;

/// <summary>Arrays of numbers read into arrays of their exact length, and everything else as System.Text.Json reads it.</summary>
public sealed class ExactArrayConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { ExactArrayConverter.Instance } };

    [Theory]
    [InlineData("[]", new int[0])]
    [InlineData("[1,-2,3]", new[] { 1, -2, 3 })]
    [InlineData(" [ 2147483647 , -2147483648 ] ", new[] { int.MaxValue, int.MinValue })]
    public void Ints_are_read_exactly(string json, int[] expected)
    {
        Assert.Equal(expected, JsonSerializer.Deserialize<int[]>(json, Options));
    }

    [Fact]
    public void Longs_past_the_int_range_are_read_inside_a_record()
    {
        // Act
        var result = JsonSerializer.Deserialize<SumResult>("""{"Sum":[4294967294,-4294967296,9223372036854775807],"Workers":2}""", Options)!;

        // Assert
        Assert.Equal([4_294_967_294L, -4_294_967_296L, long.MaxValue], result.Sum);
        Assert.Equal(2, result.Workers);
    }

    [Fact]
    public void A_large_array_round_trips_and_is_written_as_System_Text_Json_writes_it()
    {
        // Arrange: a length that is no power of two, so a list grown by doubling would show.
        var values = Enumerable.Range(0, 100_003).Select(i => (long)i * 46_349 - int.MaxValue).ToArray();

        // Act
        var json = JsonSerializer.Serialize(values, Options);
        var read = JsonSerializer.Deserialize<long[]>(json, Options);

        // Assert
        Assert.Equal(JsonSerializer.Serialize(values), json);
        Assert.Equal(values, read);
    }

    [Theory]
    [InlineData("[1,\"2\"]")]
    [InlineData("[1,[2]]")]
    [InlineData("[1.5]")]
    [InlineData("[2147483648]")]
    [InlineData("{\"a\":1}")]
    [InlineData("\"1,2\"")]
    public void Anything_but_ints_fails_as_System_Text_Json_fails(string json)
    {
        // Act
        var ours = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<int[]>(json, Options));
        var stock = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<int[]>(json));

        // Assert
        Assert.Equal(stock.Path, ours.Path);
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(JsonSerializer.Deserialize<int[]>("null", Options));
    }
}
