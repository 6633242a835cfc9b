using System.Security.Cryptography;

namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// Fresh message ids as zerorpc-python makes them: 32 lowercase hex bytes, an 8-digit counter followed by
/// 24 random digits chosen once per generator, sent as msgpack bin. Each id is returned as its raw msgpack
/// encoding (bin 8 header + the 32 bytes), the form headers are written and channels keyed in. Thread-safe.
/// </summary>
internal sealed class MessageIds
{
    private const int HexLength = 32;
    private readonly byte[] _base = Hex(RandomNumberGenerator.GetBytes(12));
    private int _counter = RandomNumberGenerator.GetInt32(int.MaxValue);

    public byte[] Next()
    {
        var counter = (uint)Interlocked.Increment(ref _counter);
        var id = new byte[HexLength + 2];
        id[0] = MessagePack.MessagePackCode.Bin8;
        id[1] = HexLength;
        for (var i = 7; i >= 0; i--)
        {
            id[2 + i] = HexDigit((int)(counter & 0xF));
            counter >>= 4;
        }

        _base.CopyTo(id, 10);
        return id;
    }

    private static byte[] Hex(byte[] bytes) => System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes));

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
