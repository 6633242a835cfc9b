using System.Buffers.Binary;
using System.Text;

namespace RpcLab.Wire.Zmtp;

/// <summary>
/// A ZMTP command frame's body: the name (one length octet, then ASCII) and its data; READY's data is a list of
/// properties, each a name (one length octet) and a value (four big-endian length octets), such as Socket-Type
/// and Identity.
/// </summary>
public sealed record ZmtpCommand(string Name, IReadOnlyList<(string Name, byte[] Value)> Properties, byte[] Data)
{
    public static ZmtpCommand Read(ReadOnlySpan<byte> body)
    {
        if (body.Length < 1 || body.Length < 1 + body[0])
        {
            return new ZmtpCommand("(malformed)", [], body.ToArray());
        }

        var name = Encoding.ASCII.GetString(body.Slice(1, body[0]));
        var data = body[(1 + body[0])..];
        var properties = new List<(string, byte[])>();
        if (name is "READY" or "INITIATE")
        {
            var position = 0;
            while (position < data.Length)
            {
                int nameLength = data[position];
                if (position + 1 + nameLength + 4 > data.Length)
                {
                    break;
                }

                var property = Encoding.ASCII.GetString(data.Slice(position + 1, nameLength));
                position += 1 + nameLength;
                var valueLength = (int)BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
                position += 4;
                if (position + valueLength > data.Length)
                {
                    break;
                }

                properties.Add((property, data.Slice(position, valueLength).ToArray()));
                position += valueLength;
            }
        }

        return new ZmtpCommand(name, properties, data.ToArray());
    }
}
