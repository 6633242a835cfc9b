using System.Text.Json;
using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Tests.Raw;

/// <summary>Command-line words as typed arguments: inferred as the original client did, or as declared with --types.</summary>
public sealed class ArgumentParserTests
{
    [Theory]
    [InlineData("32", "int", "32")]
    [InlineData("-7", "int", "-7")]
    [InlineData("2.5", "float", "2.5")]
    [InlineData("1e3", "float", "1000")]
    [InlineData("99999999999", "float", "99999999999")]
    [InlineData("hello", "str", "\"hello\"")]
    [InlineData("NaN", "str", "\"NaN\"")]
    [InlineData("[1,2,3]", "List[int]", "[1,2,3]")]
    [InlineData("[1, 2.5]", "List[float]", "[1,2.5]")]
    [InlineData("[a,b]", "List[str]", "[\"a\",\"b\"]")]
    [InlineData("[\"a b\",\"c\"]", "List[str]", "[\"a b\",\"c\"]")]
    [InlineData("[]", "List[int]", "[]")]
    public void A_words_type_is_inferred_int_then_float_then_str(string word, string type, string json)
    {
        var argument = Assert.Single(ArgumentParser.Parse([word], null));

        Assert.Equal((type, json), (argument.Type, argument.Value.GetRawText()));
    }

    [Fact]
    public void Declared_types_encode_words_as_declared_and_keep_a_mismatch_for_the_server_to_refuse()
    {
        var args = ArgumentParser.Parse(["32", "7", "[1,2]", "hello"], ArgumentParser.SplitTypes("str, float, List[str], int"));

        Assert.Equal(["str", "float", "List[str]", "int"], args.Select(a => a.Type));
        Assert.Equal(JsonValueKind.String, args[0].Value.ValueKind);
        Assert.Equal(7.0, args[1].Value.GetDouble());
        Assert.Equal(["1", "2"], args[2].Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("hello", args[3].Value.GetString());
    }

    [Fact]
    public void Types_split_on_commas_outside_brackets_and_must_match_the_words()
    {
        Assert.Equal(["List[int]", "List[str]", "float"], ArgumentParser.SplitTypes("List[int],List[str],float"));
        Assert.Throws<ArgumentException>(() => ArgumentParser.Parse(["1"], ["int", "int"]));
    }
}
