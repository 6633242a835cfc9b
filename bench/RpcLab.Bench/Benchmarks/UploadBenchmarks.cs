using BenchmarkDotNet.Attributes;
using RpcLab.Bench.Harness;
using RpcLab.Measurement.Results;
using RpcLab.Services.Contracts;

namespace RpcLab.Bench.Benchmarks;

/// <summary>
/// A 64 MiB upload (<c>files.upload</c>, a client stream of 64 KiB chunks) on every transport that can
/// stream from the client. The server writes it to a temporary folder, as it stores any upload.
/// </summary>
[BenchmarkCategory(MicroCategories.Streaming)]
public class UploadBenchmarks : TransportBenchmark
{
    public const int ChunkSize = 64 * 1024;

    public const int Size = 64 * 1024 * 1024;

    private IFileService? _files;
    private byte[][] _chunks = [];

    public static IEnumerable<string> Transports() =>
        BenchTransports.Able(nameof(UploadBenchmarks), services => services.Files.UploadAsync("probe.bin", Chunks([[1, 2, 3]])));

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // Made once, outside the measured code; distinct arrays, so no transport sees a buffer change under it.
        var random = new Random(20_26);
        _chunks = [.. Enumerable.Range(0, Size / ChunkSize).Select(_ =>
        {
            var chunk = new byte[ChunkSize];
            random.NextBytes(chunk);
            return chunk;
        })];
        _files = (await StartAsync(Transport)).Files;
    }

    [Benchmark]
    public async Task<long> Upload()
    {
        var entry = await _files!.UploadAsync("upload.bin", Chunks(_chunks));
        return entry.Size == Size ? entry.Size : throw new InvalidOperationException($"stored {entry.Size} bytes of {Size}");
    }

    private static async IAsyncEnumerable<byte[]> Chunks(byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            yield return chunk;
        }

        await Task.CompletedTask;
    }
}
