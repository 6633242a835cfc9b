using System.Text;

namespace RpcLab.Wire.Hpack;

/// <summary>
/// An HPACK decoder (RFC 7541) for the wire view: it turns one direction's header blocks into header lists and
/// keeps that direction's dynamic table between blocks, as the peer's decoder did. Unlike a server's decoder it
/// reports how each field was encoded and where its bytes are, which is the point of showing it. Feed it every
/// header block of its direction in order. Not thread-safe.
/// </summary>
public sealed class HpackDecoder
{
    public HpackDynamicTable Table { get; } = new();

    /// <summary>Decodes one complete header block (HEADERS plus its CONTINUATIONs, padding and priority removed).</summary>
    /// <exception cref="HpackException">The block is malformed; the table may then be out of step with the encoder's.</exception>
    public IReadOnlyList<HeaderField> Decode(ReadOnlySpan<byte> block)
    {
        var fields = new List<HeaderField>();
        var position = 0;
        while (position < block.Length)
        {
            var start = position;
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                var index = ReadInteger(block, ref position, 7);
                var (name, value) = Lookup(index);
                fields.Add(new HeaderField(name, value, HeaderRepresentation.Indexed, index, false, false, start, position - start));
            }
            else if ((first & 0xC0) == 0x40)
            {
                var field = ReadLiteral(block, ref position, 6, HeaderRepresentation.LiteralWithIncrementalIndexing, start);
                Table.Add(field.Name, field.Value);
                fields.Add(field);
            }
            else if ((first & 0xE0) == 0x20)
            {
                var size = ReadInteger(block, ref position, 5);
                Table.Resize(size);
                fields.Add(new HeaderField("", size.ToString(System.Globalization.CultureInfo.InvariantCulture), HeaderRepresentation.DynamicTableSizeUpdate, null, false, false, start, position - start));
            }
            else
            {
                var kind = (first & 0xF0) == 0x10 ? HeaderRepresentation.LiteralNeverIndexed : HeaderRepresentation.LiteralWithoutIndexing;
                fields.Add(ReadLiteral(block, ref position, 4, kind, start));
            }
        }

        return fields;
    }

    /// <summary>Section 5.1: an integer in an N-bit prefix, continued in 7-bit groups, least significant first.</summary>
    internal static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        var value = block[position++] & max;
        if (value < max)
        {
            return value;
        }

        var shift = 0;
        while (true)
        {
            if (position >= block.Length)
            {
                throw new HpackException("integer runs past the end of the block");
            }

            var b = block[position++];
            value += (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return value;
            }

            if (shift > 28)
            {
                throw new HpackException("integer too large");
            }
        }
    }

    private HeaderField ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefixBits, HeaderRepresentation kind, int start)
    {
        var index = ReadInteger(block, ref position, prefixBits);
        string name;
        var nameHuffman = false;
        if (index == 0)
        {
            (name, nameHuffman) = ReadString(block, ref position);
        }
        else
        {
            name = Lookup(index).Name;
        }

        var (value, valueHuffman) = ReadString(block, ref position);
        return new HeaderField(name, value, kind, index == 0 ? null : index, nameHuffman, valueHuffman, start, position - start);
    }

    /// <summary>Section 5.2: the H bit, a 7-bit-prefix length, then the octets (Huffman-coded when H is set).</summary>
    private static (string Text, bool Huffman) ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length)
        {
            throw new HpackException("string literal missing");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new HpackException($"string literal of {length} bytes runs past the end of the block");
        }

        var octets = block.Slice(position, length);
        position += length;
        return (huffman ? HpackHuffman.Decode(octets) : Encoding.UTF8.GetString(octets), huffman);
    }

    private (string Name, string Value) Lookup(int index)
    {
        if (index >= 1 && index <= HpackStaticTable.Count)
        {
            return HpackStaticTable.Get(index);
        }

        var dynamic = index - HpackStaticTable.Count;
        if (dynamic >= 1 && dynamic <= Table.Count)
        {
            return Table.Get(dynamic);
        }

        throw new HpackException($"index {index} is in neither table (static 1-{HpackStaticTable.Count}, dynamic {Table.Count} entries)");
    }
}
