using MessagePack;
using MessagePack.Resolvers;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.ZeroRpc.Server;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Tests.ZeroRpc;

/// <summary>How contract values, errors and ids look in zerorpc's msgpack, and how a peer's values bind to parameters.</summary>
public sealed class ZeroRpcValueTests
{
    [Fact]
    public void Records_are_maps_keyed_by_property_names_and_enums_go_by_name()
    {
        var user = Decode(EventWriter.Ok([0xc4, 0], [0xc4, 0], typeof(User), new User("1", "Ada", "ada@example.org")));
        var job = Decode(EventWriter.Ok([0xc4, 0], [0xc4, 0], typeof(Job), new Job("j1", "sort", JobState.Done, null, [1, 2], null)));

        Assert.Equal(new Dictionary<object, object?> { ["Id"] = "1", ["Name"] = "Ada", ["Email"] = "ada@example.org" }, user);
        Assert.Equal("Done", job["State"]);
        Assert.Null(job["Sum"]);
    }

    [Fact]
    public void Bytes_are_bin_and_text_is_str()
    {
        Assert.Equal(MessagePackType.Binary, TypeOf(typeof(byte[]), new byte[] { 1, 2 }));
        Assert.Equal(MessagePackType.String, TypeOf(typeof(string), "text"));
    }

    [Fact]
    public void Values_as_a_Python_peer_packs_them_bind_to_the_parameters()
    {
        var add = ArgumentBinder.Bind(Method("compute.add"), Pack(1, 2));
        var sum = ArgumentBinder.Bind(Method("sum.sum"), Pack(new[] { 1, 2 }, new[] { 3, 4 }));
        var bytes = ArgumentBinder.Bind(Method("echo.reverse"), Pack("hello"));

        Assert.Equal([1.0, 2.0], add);
        Assert.Equal([new[] { 1, 2 }, new[] { 3, 4 }, 0], sum);
        Assert.Equal(["hello"], bytes);
    }

    [Theory]
    [InlineData("[\"x\", \"three\"]", "argument 'count' must be an integer, got a str")]
    [InlineData("[\"x\"]", "missing argument 'count'")]
    [InlineData("[\"x\", 1, 2, 3]", "takes 3 argument(s)")]
    [InlineData("[\"x\", 4294967296]", "argument 'count' must be an integer")]
    [InlineData("[null, 1]", "argument 'message' must not be nil")]
    [InlineData("{\"message\": \"x\"}", "must be an array")]
    public void Arguments_that_do_not_fit_are_invalid_argument_naming_the_parameter(string json, string expected)
    {
        var raw = MessagePackSerializer.ConvertFromJson(json);

        var error = Assert.Throws<RpcException>(() => ArgumentBinder.Bind(Method("echo.repeat"), raw));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.Contains(expected, error.Detail);
    }

    [Fact]
    public void Every_status_travels_as_its_name_and_comes_back_the_same()
    {
        foreach (var status in Enum.GetValues<RpcStatusCode>().Where(s => s != RpcStatusCode.OK))
        {
            Assert.Equal((status, "detail"), (ErrorNames.ToException(ErrorNames.For(status), "detail").Status, ErrorNames.ToException(ErrorNames.For(status), "detail").Detail));
        }

        Assert.Equal(RpcStatusCode.Unimplemented, ErrorNames.ToException("NameError", "echo.nope").Status);
        Assert.Equal((RpcStatusCode.Unknown, "ValueError: bad"), (ErrorNames.ToException("ValueError", "bad").Status, ErrorNames.ToException("ValueError", "bad").Detail));
        Assert.Equal(RpcStatusCode.Unknown, ErrorNames.ToException("5", "numbers are not names").Status);
        Assert.Equal(RpcStatusCode.Unknown, ErrorNames.ToException("OK", "no error is OK").Status);
    }

    [Fact]
    public void Message_ids_are_fresh_bin_of_32_lowercase_hex_bytes()
    {
        var ids = new MessageIds();

        var made = Enumerable.Range(0, 1000).Select(_ => ids.Next()).ToList();

        Assert.All(made, id =>
        {
            var reader = new MessagePackReader(id);
            Assert.Equal(MessagePackType.Binary, reader.NextMessagePackType);
            Assert.Matches("^[0-9a-f]{32}$", System.Text.Encoding.ASCII.GetString(System.Buffers.BuffersExtensions.ToArray(reader.ReadBytes()!.Value)));
        });
        Assert.Equal(made.Count, made.Select(Convert.ToHexString).Distinct().Count());
    }

    private static RpcMethod Method(string name) => ServiceCatalog.Find(name)!;

    private static ReadOnlyMemory<byte> Pack(params object[] args) => MessagePackSerializer.Serialize(args, ContractlessStandardResolver.Options);

    private static Dictionary<object, object?> Decode(byte[] okEvent)
    {
        var parts = MessagePackSerializer.Deserialize<object?[]>(okEvent, ContractlessStandardResolver.Options);
        return (Dictionary<object, object?>)((object?[])parts[2]!)[0]!;
    }

    private static MessagePackType TypeOf(Type type, object value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        WireSerializer.Write(ref writer, type, value);
        writer.Flush();
        return new MessagePackReader(buffer.WrittenMemory).NextMessagePackType;
    }
}
