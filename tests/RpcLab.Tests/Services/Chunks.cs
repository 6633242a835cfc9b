using System.Runtime.CompilerServices;

namespace RpcLab.Tests.Services;

/// <summary>Upload streams for the file tests.</summary>
internal static class Chunks
{
    public static async IAsyncEnumerable<byte[]> Of(byte[] data, int chunkSize)
    {
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            await Task.Yield();
            yield return data.AsSpan(offset, Math.Min(chunkSize, data.Length - offset)).ToArray();
        }
    }

    /// <summary>The chunks of <paramref name="data"/>, calling <paramref name="pulled"/> as each is taken: shows where an upload stopped reading.</summary>
    public static async IAsyncEnumerable<byte[]> Counted(byte[] data, int chunkSize, Action pulled)
    {
        await foreach (var chunk in Of(data, chunkSize))
        {
            pulled();
            yield return chunk;
        }
    }

    public static IAsyncEnumerable<byte[]> Of(string text) => Of(System.Text.Encoding.UTF8.GetBytes(text), 4);

    /// <summary>Yields <paramref name="first"/> and then fails, as a client that drops mid-upload does.</summary>
    public static async IAsyncEnumerable<byte[]> ThenFail(byte[] first, Exception error)
    {
        await Task.Yield();
        yield return first;
        throw error;
    }

    /// <summary>Yields <paramref name="first"/>, then waits for <paramref name="release"/> before yielding the rest.</summary>
    public static async IAsyncEnumerable<byte[]> Held(byte[] first, byte[] rest, TaskCompletionSource firstSent, Task release,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return first;
        firstSent.TrySetResult();
        await release.WaitAsync(cancellationToken);
        yield return rest;
    }

    public static async Task<byte[]> ReadAllAsync(IAsyncEnumerable<byte[]> chunks)
    {
        using var buffer = new MemoryStream();
        await foreach (var chunk in chunks)
        {
            buffer.Write(chunk);
        }

        return buffer.ToArray();
    }
}
