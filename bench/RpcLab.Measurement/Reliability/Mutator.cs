namespace RpcLab.Measurement.Reliability;

/// <summary>Seeded mutations of a valid message: flipped, dropped, duplicated and inserted bytes, truncation, a length byte made huge. Not thread-safe (one per seed).</summary>
internal sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    public byte[] Mutate(ReadOnlySpan<byte> valid)
    {
        var bytes = new List<byte>(valid.ToArray());
        for (var edits = _random.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(_random.Next(1, 9), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(_random.Next(1, 17), bytes.Count - at)));
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, _random.Next(1, 9)).Select(_ => (byte)_random.Next(256)));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes[at] = 0xFF;
                    break;
                default:
                    bytes[at] = (byte)_random.Next(256);
                    break;
            }
        }

        return [.. bytes];
    }
}
