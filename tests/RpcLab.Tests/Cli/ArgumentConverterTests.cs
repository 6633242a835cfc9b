using RpcLab.Cli.Calls;
using RpcLab.Transports.Invocation;

namespace RpcLab.Tests.Cli;

public sealed class ArgumentConverterTests
{
    private static RpcMethod Method(string name) => ServiceCatalog.Find(name)!;

    [Fact]
    public void String_argument_is_passed_as_typed()
    {
        var call = ArgumentConverter.Prepare(Method("echo.reverse"), ["hello world"]);

        Assert.Equal(["hello world"], call.Arguments);
        Assert.Null(call.RequestStream);
    }

    [Fact]
    public void Int_argument_is_parsed_and_missing_optional_parameters_get_their_defaults()
    {
        var call = ArgumentConverter.Prepare(Method("echo.repeat"), ["hi", "3"]);

        Assert.Equal(new object?[] { "hi", 3, 0 }, call.Arguments);
    }

    [Fact]
    public void Double_arguments_use_the_invariant_culture_and_accept_negatives()
    {
        var call = ArgumentConverter.Prepare(Method("compute.add"), ["2.5", "-1e3"]);

        Assert.Equal(new object?[] { 2.5, -1000.0 }, call.Arguments);
    }

    [Theory]
    [InlineData("1 2 3")]
    [InlineData("1,2,3")]
    [InlineData("1, 2, 3")]
    [InlineData("[1,2,3]")]
    public void Int_array_is_read_from_spaces_commas_or_json(string word)
    {
        var call = ArgumentConverter.Prepare(Method("compute.sort"), [word]);

        Assert.Equal(new[] { 1, 2, 3 }, Assert.IsType<int[]>(call.Arguments[0]));
    }

    [Fact]
    public void Empty_int_array_is_allowed()
    {
        var call = ArgumentConverter.Prepare(Method("compute.sort"), [""]);

        Assert.Empty(Assert.IsType<int[]>(call.Arguments[0]));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("1", true)]
    [InlineData("no", false)]
    public void Bool_words_are_understood(string word, bool expected)
    {
        Assert.Equal(expected, ArgumentConverter.ConvertValue(word, typeof(bool), "argument 'flag'", Method("echo.reverse")));
    }

    [Fact]
    public void Long_is_parsed_beyond_the_int_range()
    {
        Assert.Equal(5_000_000_000L, ArgumentConverter.ConvertValue("5000000000", typeof(long), "argument 'n'", Method("echo.reverse")));
    }

    [Fact]
    public void Wrong_type_names_the_parameter_the_expected_type_and_the_word()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentConverter.Prepare(Method("echo.repeat"), ["hi", "three"]));

        Assert.Contains("echo.repeat", error.Message);
        Assert.Contains("'count'", error.Message);
        Assert.Contains("int", error.Message);
        Assert.Contains("\"three\"", error.Message);
    }

    [Fact]
    public void Bad_array_item_says_which_item()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentConverter.Prepare(Method("compute.sort"), ["3 x 1"]));

        Assert.Contains("item 2", error.Message);
        Assert.Contains("\"x\"", error.Message);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void Int_out_of_form_or_range_is_refused(string word)
    {
        Assert.Throws<UsageException>(() => ArgumentConverter.Prepare(Method("echo.repeat"), ["hi", word]));
    }

    [Fact]
    public void Too_many_arguments_show_the_usage()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentConverter.Prepare(Method("echo.reverse"), ["a", "b"]));

        Assert.Contains("takes 1 argument, got 2", error.Message);
        Assert.Contains("echo.reverse <message:string>", error.Message);
    }

    [Fact]
    public void Too_few_arguments_show_the_range()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentConverter.Prepare(Method("echo.repeat"), ["hi"]));

        Assert.Contains("takes 2 to 3 arguments, got 1", error.Message);
    }

    [Fact]
    public async Task Client_streaming_takes_the_remaining_words_as_items()
    {
        var call = ArgumentConverter.Prepare(Method("echo.collect"), ["a", "b", "c"]);

        Assert.Empty(call.Arguments);
        Assert.Equal(new object?[] { "a", "b", "c" }, await call.RequestStream!.ToArrayAsync());
    }

    [Fact]
    public async Task Byte_stream_reads_the_local_file_in_64_KiB_chunks()
    {
        var path = Path.GetTempFileName();
        try
        {
            var content = new byte[(2 * ArgumentConverter.ChunkSize) + 1000];
            new Random(7).NextBytes(content);
            await File.WriteAllBytesAsync(path, content);

            var call = ArgumentConverter.Prepare(Method("files.upload"), ["remote.bin", path]);
            var chunks = (await call.RequestStream!.ToArrayAsync()).Cast<byte[]>().ToArray();

            Assert.Equal(["remote.bin"], call.Arguments);
            Assert.Equal(new[] { 65536, 65536, 1000 }, chunks.Select(c => c.Length));
            Assert.Equal(content, chunks.SelectMany(c => c));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Byte_stream_from_a_missing_local_file_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentConverter.Prepare(Method("files.upload"), ["remote.bin", "/no/such/file"]));

        Assert.Contains("/no/such/file", error.Message);
    }

    [Fact]
    public void Usage_marks_optional_parameters_and_streams()
    {
        Assert.Equal("echo.repeat <message:string> <count:int> [intervalMs:int=0]", ArgumentConverter.Usage(Method("echo.repeat")));
        Assert.Equal("echo.collect [string ...]", ArgumentConverter.Usage(Method("echo.collect")));
        Assert.Equal("files.upload <name:string> <localPath>", ArgumentConverter.Usage(Method("files.upload")));
    }
}
