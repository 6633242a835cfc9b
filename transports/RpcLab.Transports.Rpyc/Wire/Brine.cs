using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>
/// brine, rpyc's value format (rpyc/core/brine.py): one tag byte, then the value. It has no list or dict, on purpose:
/// those travel as references. Values in .NET: null, bool, long (or BigInteger past 64 bits: Python ints have no
/// size), double, Complex, string (str), byte[] (bytes), object?[] (tuple), <see cref="PySlice"/>,
/// <see cref="PyFrozenSet"/>, <see cref="PyConstant"/>. Stateless and thread-safe.
/// </summary>
internal static class Brine
{
    private const byte TagNone = 0x00, TagEmptyBytes = 0x01, TagEmptyTuple = 0x02, TagTrue = 0x03, TagFalse = 0x04;
    private const byte TagNotImplemented = 0x05, TagEllipsis = 0x06, TagStr = 0x08, TagBytes1 = 0x0a, TagBytesL1 = 0x0e;
    private const byte TagBytesL4 = 0x0f, TagTuple1 = 0x10, TagTupleL1 = 0x14, TagTupleL4 = 0x15, TagIntL1 = 0x16;
    private const byte TagIntL4 = 0x17, TagFloat = 0x18, TagSlice = 0x19, TagFrozenSet = 0x1a, TagComplex = 0x1b;
    private const int SmallIntMin = -48, SmallIntMax = 159, SmallIntBias = 0x50;

    // A tuple nested this deep is an attack, not a call: a recursive reader would overflow the stack.
    private const int MaxDepth = 64;

    // Python itself refuses to parse an int of more than 4,300 digits (sys.int_info.default_max_str_digits).
    private const int MaxIntDigits = 4300;

    /// <summary>True when brine can carry <paramref name="value"/> (for a tuple: every item), as <c>brine.dumpable</c> says.</summary>
    public static bool IsDumpable(object? value) => value switch
    {
        null or bool or int or long or BigInteger or double or Complex or string or byte[] or PySlice or PyConstant => true,
        PyFrozenSet set => set.Items.All(IsDumpable),
        object?[] tuple => tuple.All(IsDumpable),
        _ => false,
    };

    public static byte[] Dump(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        Dump(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Dump(object? value, IBufferWriter<byte> output)
    {
        switch (value)
        {
            case null:
                Put(output, TagNone);
                break;
            case bool b:
                Put(output, b ? TagTrue : TagFalse);
                break;
            case int i:
                DumpInt(i, output);
                break;
            case long l:
                DumpInt(l, output);
                break;
            case BigInteger big:
                DumpInt(big, output);
                break;
            case double d:
                var f = output.GetSpan(9);
                f[0] = TagFloat;
                BinaryPrimitives.WriteDoubleBigEndian(f[1..], d);
                output.Advance(9);
                break;
            case Complex c:
                var cs = output.GetSpan(17);
                cs[0] = TagComplex;
                BinaryPrimitives.WriteDoubleBigEndian(cs[1..], c.Real);
                BinaryPrimitives.WriteDoubleBigEndian(cs[9..], c.Imaginary);
                output.Advance(17);
                break;
            case string s:
                Put(output, TagStr);
                DumpBytes(Encoding.UTF8.GetBytes(s), output);
                break;
            case byte[] bytes:
                DumpBytes(bytes, output);
                break;
            case object?[] tuple:
                DumpTuple(tuple, output);
                break;
            case PySlice slice:
                Put(output, TagSlice);
                DumpTuple([slice.Start, slice.Stop, slice.Step], output);
                break;
            case PyFrozenSet set:
                Put(output, TagFrozenSet);
                DumpTuple([.. set.Items], output);
                break;
            case PyConstant constant:
                Put(output, constant == PyConstant.Ellipsis ? TagEllipsis : TagNotImplemented);
                break;
            default:
                throw new ArgumentException($"brine cannot carry a {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>The one value in <paramref name="data"/>; bytes left over are malformed too.</summary>
    public static object? Load(ReadOnlySpan<byte> data)
    {
        var position = 0;
        var value = Load(data, ref position, 0);
        return position == data.Length ? value : throw new BrineException($"{data.Length - position} bytes after the brine value");
    }

    private static void DumpInt(BigInteger value, IBufferWriter<byte> output)
    {
        if (value >= SmallIntMin && value <= SmallIntMax)
        {
            Put(output, (byte)((int)value + SmallIntBias));
            return;
        }

        var digits = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
        if (digits.Length < 256)
        {
            Put(output, TagIntL1);
            Put(output, (byte)digits.Length);
        }
        else
        {
            Put(output, TagIntL4);
            PutU32(output, digits.Length);
        }

        output.Write(digits);
    }

    private static void DumpBytes(byte[] bytes, IBufferWriter<byte> output)
    {
        switch (bytes.Length)
        {
            case 0:
                Put(output, TagEmptyBytes);
                return;
            case <= 4:
                Put(output, (byte)(TagBytes1 + bytes.Length - 1));
                break;
            case < 256:
                Put(output, TagBytesL1);
                Put(output, (byte)bytes.Length);
                break;
            default:
                Put(output, TagBytesL4);
                PutU32(output, bytes.Length);
                break;
        }

        output.Write(bytes);
    }

    private static void DumpTuple(object?[] tuple, IBufferWriter<byte> output)
    {
        switch (tuple.Length)
        {
            case 0:
                Put(output, TagEmptyTuple);
                return;
            case <= 4:
                Put(output, (byte)(TagTuple1 + tuple.Length - 1));
                break;
            case < 256:
                Put(output, TagTupleL1);
                Put(output, (byte)tuple.Length);
                break;
            default:
                Put(output, TagTupleL4);
                PutU32(output, tuple.Length);
                break;
        }

        foreach (var item in tuple)
        {
            Dump(item, output);
        }
    }

    private static object? Load(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new BrineException($"tuples nested deeper than {MaxDepth}");
        }

        var tag = Take(data, ref position, 1)[0];
        switch (tag)
        {
            case TagNone:
                return null;
            case TagTrue:
                return true;
            case TagFalse:
                return false;
            case TagNotImplemented:
                return PyConstant.NotImplemented;
            case TagEllipsis:
                return PyConstant.Ellipsis;
            case TagEmptyBytes:
                return Array.Empty<byte>();
            case >= TagBytes1 and <= TagBytes1 + 3:
                return Take(data, ref position, tag - TagBytes1 + 1).ToArray();
            case TagBytesL1:
                return Take(data, ref position, Take(data, ref position, 1)[0]).ToArray();
            case TagBytesL4:
                return Take(data, ref position, TakeU32(data, ref position)).ToArray();
            case TagStr:
                if (Load(data, ref position, depth + 1) is not byte[] utf8)
                {
                    throw new BrineException("a str must hold bytes");
                }

                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8);
                }
                catch (DecoderFallbackException)
                {
                    throw new BrineException("a str that is not UTF-8");
                }

            case TagEmptyTuple:
                return Array.Empty<object?>();
            case >= TagTuple1 and <= TagTuple1 + 3:
                return LoadTuple(data, ref position, tag - TagTuple1 + 1, depth);
            case TagTupleL1:
                return LoadTuple(data, ref position, Take(data, ref position, 1)[0], depth);
            case TagTupleL4:
                return LoadTuple(data, ref position, TakeU32(data, ref position), depth);
            case TagIntL1:
                return ParseInt(Take(data, ref position, Take(data, ref position, 1)[0]));
            case TagIntL4:
                return ParseInt(Take(data, ref position, TakeU32(data, ref position)));
            case TagFloat:
                return BinaryPrimitives.ReadDoubleBigEndian(Take(data, ref position, 8));
            case TagComplex:
                var c = Take(data, ref position, 16);
                return new Complex(BinaryPrimitives.ReadDoubleBigEndian(c), BinaryPrimitives.ReadDoubleBigEndian(c[8..]));
            case TagSlice:
                return Load(data, ref position, depth + 1) is object?[] { Length: 3 } s
                    ? new PySlice(s[0], s[1], s[2])
                    : throw new BrineException("a slice must hold a 3-tuple");
            case TagFrozenSet:
                return Load(data, ref position, depth + 1) is object?[] items
                    ? new PyFrozenSet(items)
                    : throw new BrineException("a frozenset must hold a tuple");
            case >= SmallIntMin + SmallIntBias and <= SmallIntMax + SmallIntBias:
                return (long)(tag - SmallIntBias);
            default:
                throw new BrineException($"unknown brine tag 0x{tag:x2}");
        }
    }

    private static object?[] LoadTuple(ReadOnlySpan<byte> data, ref int position, int count, int depth)
    {
        // Every item takes at least one byte: a count beyond the bytes left is a lie, refused before allocating.
        if (count > data.Length - position)
        {
            throw new BrineException($"a tuple of {count} items in {data.Length - position} bytes");
        }

        var items = new object?[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = Load(data, ref position, depth + 1);
        }

        return items;
    }

    private static object ParseInt(ReadOnlySpan<byte> digits)
    {
        if (digits.Length is 0 or > MaxIntDigits)
        {
            throw new BrineException($"an int of {digits.Length} digits");
        }

        var text = Encoding.ASCII.GetString(digits);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
        {
            return small;
        }

        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
            ? big
            : throw new BrineException("an int that is not decimal digits");
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int position, int count)
    {
        if (count < 0 || count > data.Length - position)
        {
            throw new BrineException("a brine value runs past the end of its frame");
        }

        var span = data.Slice(position, count);
        position += count;
        return span;
    }

    private static int TakeU32(ReadOnlySpan<byte> data, ref int position)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4));
        return value > int.MaxValue ? throw new BrineException("a length over 2 GiB") : (int)value;
    }

    private static void Put(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void PutU32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), (uint)value);
        output.Advance(4);
    }
}
