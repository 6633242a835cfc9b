using RpcLab.Wire.Hpack;

namespace RpcLab.Tests.Wire;

/// <summary>
/// Our HPACK decoder against RFC 7541 Appendix C: the field representations one by one (C.2), then three requests
/// and three responses each decoded by one decoder in order, so the dynamic table carries from block to block,
/// without Huffman coding (C.3, C.5) and with it (C.4, C.6); the responses use a 256-octet table, so entries are evicted.
/// </summary>
public sealed class HpackDecoderTests
{
    public static TheoryData<string, string, string[], int> SingleFields => new()
    {
        // C.2.1 literal with indexing, C.2.2 without indexing, C.2.3 never indexed, C.2.4 indexed.
        { "C.2.1", "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572", ["custom-key: custom-header"], 55 },
        { "C.2.2", "040c 2f73 616d 706c 652f 7061 7468", [":path: /sample/path"], 0 },
        { "C.2.3", "1008 7061 7373 776f 7264 0673 6563 7265 74", ["password: secret"], 0 },
        { "C.2.4", "82", [":method: GET"], 0 },
    };

    [Theory]
    [MemberData(nameof(SingleFields))]
    public void C2_each_representation(string section, string hex, string[] expected, int tableSize)
    {
        var decoder = new HpackDecoder();

        var fields = decoder.Decode(Bytes(hex));

        Assert.True(expected.SequenceEqual(fields.Select(f => $"{f.Name}: {f.Value}")), section);
        Assert.Equal(tableSize, decoder.Table.Size);
    }

    [Fact]
    public void C2_representations_are_reported()
    {
        Assert.Equal(HeaderRepresentation.LiteralWithIncrementalIndexing, new HpackDecoder().Decode(Bytes("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"))[0].Representation);
        Assert.Equal(HeaderRepresentation.LiteralWithoutIndexing, new HpackDecoder().Decode(Bytes("040c 2f73 616d 706c 652f 7061 7468"))[0].Representation);
        Assert.Equal(HeaderRepresentation.LiteralNeverIndexed, new HpackDecoder().Decode(Bytes("1008 7061 7373 776f 7264 0673 6563 7265 74"))[0].Representation);
        var indexed = new HpackDecoder().Decode(Bytes("82"))[0];
        Assert.Equal(HeaderRepresentation.Indexed, indexed.Representation);
        Assert.Equal(2, indexed.Index);
    }

    private static readonly string[] Request1 = [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"];
    private static readonly string[] Request2 = [.. Request1, "cache-control: no-cache"];
    private static readonly string[] Request3 = [":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com", "custom-key: custom-value"];
    private static readonly string[] Response1 = [":status: 302", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com"];
    private static readonly string[] Response2 = [":status: 307", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com"];
    private static readonly string[] Response3 = [":status: 200", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:22 GMT", "location: https://www.example.com", "content-encoding: gzip", "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"];

    [Fact]
    public void C3_requests_without_Huffman()
    {
        var decoder = new HpackDecoder();

        Expect(decoder, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", Request1, 57, false);
        Expect(decoder, "8286 84be 5808 6e6f 2d63 6163 6865", Request2, 110, false);
        Expect(decoder, "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65", Request3, 164, false);
    }

    [Fact]
    public void C4_requests_with_Huffman()
    {
        var decoder = new HpackDecoder();

        Expect(decoder, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", Request1, 57, true);
        Expect(decoder, "8286 84be 5886 a8eb 1064 9cbf", Request2, 110, true);
        Expect(decoder, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf", Request3, 164, true);
    }

    [Fact]
    public void C5_responses_without_Huffman_evict_from_a_256_octet_table()
    {
        var decoder = new HpackDecoder();
        decoder.Table.Resize(256);

        Expect(decoder, "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", Response1, 222, false);
        Expect(decoder, "4803 3330 37c1 c0bf", Response2, 222, false);
        Expect(decoder, "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31", Response3, 215, false);
        Assert.Equal(3, decoder.Table.Count);
        Assert.Equal(("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"), decoder.Table.Get(1));
        Assert.Equal(("date", "Mon, 21 Oct 2013 20:13:22 GMT"), decoder.Table.Get(3));
    }

    [Fact]
    public void C6_responses_with_Huffman_evict_from_a_256_octet_table()
    {
        var decoder = new HpackDecoder();
        decoder.Table.Resize(256);

        Expect(decoder, "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3", Response1, 222, true);
        Expect(decoder, "4883 640e ffc1 c0bf", Response2, 222, true);
        Expect(decoder, "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07", Response3, 215, true);
        Assert.Equal(3, decoder.Table.Count);
    }

    [Fact]
    public void Fields_cover_the_block_byte_for_byte()
    {
        var block = Bytes("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
        var decoder = new HpackDecoder();
        decoder.Decode(Bytes("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        decoder.Decode(Bytes("8286 84be 5808 6e6f 2d63 6163 6865"));

        var fields = decoder.Decode(block);

        Assert.Equal(0, fields[0].Offset);
        Assert.All(fields.Zip(fields.Skip(1)), pair => Assert.Equal(pair.First.Offset + pair.First.Length, pair.Second.Offset));
        Assert.Equal(block.Length, fields[^1].Offset + fields[^1].Length);
        Assert.Equal(63, fields[3].Index);
        Assert.Equal("indexed 63 (dynamic)", fields[3].Describe());
    }

    [Fact]
    public void Index_outside_both_tables_is_an_error()
    {
        Assert.Throws<HpackException>(() => new HpackDecoder().Decode(Bytes("be")));
    }

    [Fact]
    public void Huffman_code_is_the_canonical_code_of_RFC_7541_Appendix_B()
    {
        var codes = HpackHuffman.Codes;

        Assert.Equal(257, codes.Count);
        Assert.Equal((0b00000u, 5), codes['0']);
        Assert.Equal((0b010100u, 6), codes[' ']);
        Assert.Equal((0xffffffcu, 28), codes[127]);
        Assert.Equal((0x3fffffffu, 30), codes[HpackHuffman.Eos]);

        // A complete prefix code: the Kraft sum of its lengths is exactly 1.
        Assert.Equal(1.0, codes.Values.Sum(c => Math.Pow(2, -c.Length)), 12);
    }

    [Fact]
    public void Huffman_padding_longer_than_seven_bits_is_an_error()
    {
        Assert.Throws<HpackException>(() => HpackHuffman.Decode([0xff, 0xff]));
    }

    private static void Expect(HpackDecoder decoder, string hex, string[] expected, int tableSize, bool huffman)
    {
        var fields = decoder.Decode(Bytes(hex));

        Assert.Equal(expected, fields.Select(f => $"{f.Name}: {f.Value}"));
        Assert.Equal(tableSize, decoder.Table.Size);
        Assert.Equal(huffman, fields.Any(f => f.ValueHuffman));
    }

    internal static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
