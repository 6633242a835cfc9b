using System.Text;

namespace RpcLab.Wire.Hpack;

/// <summary>
/// RFC 7541 Appendix B's Huffman code, decoding only. The code is canonical (codes of one length are consecutive
/// and follow the symbols' order), so it is fully given by each symbol's code length: the table below lists the
/// symbols of each length, and the codes are rebuilt from it. Thread-safe.
/// </summary>
public static class HpackHuffman
{
    /// <summary>End of string: its code (thirty 1 bits) must never appear inside a literal.</summary>
    public const int Eos = 256;

    private static readonly (int Length, int[] Symbols)[] SymbolsByLength =
    [
        (5, [48, 49, 50, 97, 99, 101, 105, 111, 115, 116]),
        (6, [32, 37, 45, 46, 47, 51, 52, 53, 54, 55, 56, 57, 61, 65, 95, 98, 100, 102, 103, 104, 108, 109, 110, 112, 114, 117]),
        (7, [58, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 89, 106, 107, 113, 118, 119, 120, 121, 122]),
        (8, [38, 42, 44, 59, 88, 90]),
        (10, [33, 34, 40, 41, 63]),
        (11, [39, 43, 124]),
        (12, [35, 62]),
        (13, [0, 36, 64, 91, 93, 126]),
        (14, [94, 125]),
        (15, [60, 96, 123]),
        (19, [92, 195, 208]),
        (20, [128, 130, 131, 162, 184, 194, 224, 226]),
        (21, [153, 161, 167, 172, 176, 177, 179, 209, 216, 217, 227, 229, 230]),
        (22, [129, 132, 133, 134, 136, 146, 154, 156, 160, 163, 164, 169, 170, 173, 178, 181, 185, 186, 187, 189, 190, 196, 198, 228, 232, 233]),
        (23, [1, 135, 137, 138, 139, 140, 141, 143, 147, 149, 150, 151, 152, 155, 157, 158, 165, 166, 168, 174, 175, 180, 182, 183, 188, 191, 197, 231, 239]),
        (24, [9, 142, 144, 145, 148, 159, 171, 206, 215, 225, 236, 237]),
        (25, [199, 207, 234, 235]),
        (26, [192, 193, 200, 201, 202, 205, 210, 213, 218, 219, 238, 240, 242, 243, 255]),
        (27, [203, 204, 211, 212, 214, 221, 222, 223, 241, 244, 245, 246, 247, 248, 250, 251, 252, 253, 254]),
        (28, [2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127, 220, 249]),
        (30, [10, 13, 22, 256]),
    ];

    // (length, code) -> symbol, built once from the canonical assignment.
    private static readonly Dictionary<(int Length, uint Code), int> Decoding = Build();

    /// <summary>The code of every symbol, 0-256, as (code, length): for tests that check the table against the RFC.</summary>
    public static IReadOnlyDictionary<int, (uint Code, int Length)> Codes { get; } =
        Decoding.ToDictionary(e => e.Value, e => (e.Key.Code, e.Key.Length));

    /// <summary>Decodes a Huffman-coded string literal (its octets are UTF-8 once decoded, as header values are in practice).</summary>
    /// <exception cref="HpackException">An unknown code, EOS inside the string, or padding that is longer than 7 bits or not all ones.</exception>
    public static string Decode(ReadOnlySpan<byte> encoded)
    {
        var octets = new List<byte>(encoded.Length * 8 / 5);
        uint code = 0;
        var length = 0;
        foreach (var b in encoded)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                code = (code << 1) | (uint)((b >> bit) & 1);
                length++;
                if (Decoding.TryGetValue((length, code), out var symbol))
                {
                    if (symbol == Eos)
                    {
                        throw new HpackException("Huffman: EOS inside a string literal");
                    }

                    octets.Add((byte)symbol);
                    code = 0;
                    length = 0;
                }
                else if (length > 30)
                {
                    throw new HpackException("Huffman: no code matches");
                }
            }
        }

        // What is left is padding: the most significant bits of EOS, so at most 7 bits, all ones (section 5.2).
        if (length > 7 || code != (1u << length) - 1)
        {
            throw new HpackException("Huffman: padding is not a prefix of EOS");
        }

        return Encoding.UTF8.GetString([.. octets]);
    }

    private static Dictionary<(int, uint), int> Build()
    {
        var table = new Dictionary<(int, uint), int>();
        uint code = 0;
        var previous = SymbolsByLength[0].Length;
        foreach (var (length, symbols) in SymbolsByLength)
        {
            code <<= length - previous;
            previous = length;
            foreach (var symbol in symbols)
            {
                table.Add((length, code++), symbol);
            }
        }

        return table;
    }
}
