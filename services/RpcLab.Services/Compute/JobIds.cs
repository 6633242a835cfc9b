using System.Security.Cryptography;

namespace RpcLab.Services.Compute;

/// <summary>
/// Job ids: 128 bits from the system's cryptographic generator, written as 26 lowercase base32 characters
/// (RFC 4648 alphabet, no padding). Random rather than counted, so an id reveals nothing and cannot be guessed;
/// base32 rather than hex, so it is shorter to read out and copy, and case-insensitive characters only. Thread-safe.
/// </summary>
internal static class JobIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The characters of an id: 128 bits at 5 bits per character.</summary>
    public const int Length = 26;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(Length, bytes.ToArray(), static (chars, data) =>
        {
            var bit = 0;
            for (var i = 0; i < chars.Length; i++, bit += 5)
            {
                // The 5 bits starting at `bit`, read across a byte boundary; past the 128th bit they are zeros.
                var index = bit / 8;
                var window = (data[index] << 8) | (index + 1 < data.Length ? data[index + 1] : 0);
                chars[i] = Alphabet[(window >> (11 - (bit % 8))) & 31];
            }
        });
    }
}
