using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using RpcLab.Composition;
using RpcLab.Measurement.Load;
using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// The kill section: per transport, <c>rpclab serve</c> runs as a child process on a data folder of its own and is
/// killed with SIGKILL three times, in the middle of a burst of users.create calls, of a files.upload whose first chunks
/// are on the server's disk, and of a files.download stream; after each kill it is started again on the same folder.
/// What must hold: it starts and serves again, every create it acknowledged is listed with what it was given, the
/// upload cut off is not visible under its name (nor on disk), and a file stored before (and downloaded when killed)
/// is listed and downloads whole.
/// </summary>
internal static class KillRestart
{
    private const string KeptName = "kept.bin";
    private const string CutName = "cut-off.bin";
    private const int ChunkSize = 64 * 1024;
    internal const int CreateCallers = 8;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<List<Figure>> RunAsync(ReliabilitySettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        foreach (var transport in TransportRegistry.All.Where(t => t.HasWire && settings.KillTransports.Contains(t.Name)))
        {
            var data = Directory.CreateTempSubdirectory("rpclab-kill-");
            try
            {
                var outcome = new Outcome();
                try
                {
                    await KillThreeTimesAsync(transport, data.FullName, settings, outcome, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A restart or a check that could not be made is a failure of the server, reported, never skipped.
                    outcome.Problems.Add(LogText.Escape(e.Message));
                }

                figures.Add(new("kill", transport.Name, "acknowledged creates", outcome.AcknowledgedCreates));
                figures.Add(new("kill", transport.Name, "acknowledged creates lost", outcome.LostCreates, 0));
                figures.Add(new("kill", transport.Name, "upload KiB on disk at kill", Math.Round(outcome.CutOffBytesOnDisk / 1024.0)));
                figures.Add(new("kill", transport.Name, "half-written files visible", outcome.HalfWrittenVisible, 0));
                figures.Add(new("kill", transport.Name, "download KiB received at kill", Math.Round(outcome.DownloadedBeforeKill / 1024.0)));
                figures.Add(new("kill", transport.Name, "stored files lost or changed", outcome.StoredFilesBroken, 0));
                figures.Add(new("kill", transport.Name, "failed restarts or checks", outcome.Problems.Count, 0));
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"kill: {transport.Name}: {outcome.AcknowledgedCreates} acknowledged creates, {outcome.LostCreates} lost; {outcome.HalfWrittenVisible} half-written files visible; {outcome.StoredFilesBroken} stored files lost or changed; {outcome.Problems.Count} failed restarts or checks")).ConfigureAwait(false);
                foreach (var problem in outcome.Problems)
                {
                    await log.WriteLineAsync($"kill: {transport.Name}: {problem}").ConfigureAwait(false);
                }
            }
            finally
            {
                try
                {
                    data.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // A file still held: the temp folder's owner cleans it.
                }
            }
        }

        return figures;
    }

    private static async Task KillThreeTimesAsync(IRpcTransport transport, string data, ReliabilitySettings settings, Outcome outcome, CancellationToken cancellationToken)
    {
        var content = RandomNumberGenerator.GetBytes(settings.KeptFileBytes);
        var keptHash = Convert.ToHexStringLower(SHA256.HashData(content));
        var acknowledged = new ConcurrentBag<User>();

        // 1. Mid-create: a file is stored first, then the burst of creates is cut off by the kill.
        await using (var server = await ChildServe.StartAsync(transport.Name, data, [], cancellationToken).ConfigureAwait(false))
        {
            var client = await ConnectAsync(transport, server, cancellationToken).ConfigureAwait(false);
            using (var deadline = Deadline(cancellationToken))
            {
                await client.Services.Files.UploadAsync(KeptName, Chunks(content, stopAfter: null, CancellationToken.None), deadline.Token).ConfigureAwait(false);
            }

            // The callers go on creating until the kill, so calls are in flight when it lands.
            var next = 0;
            using var killed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = Enumerable.Range(0, CreateCallers).Select(_ => Task.Run(async () =>
            {
                while (!killed.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    try
                    {
                        using var deadline = Deadline(killed.Token);
                        acknowledged.Add(await client.Services.Users.CreateAsync($"killed {i}", $"killed{i}@example.org", cancellationToken: deadline.Token).ConfigureAwait(false));
                        if (acknowledged.Count >= settings.CreatesBeforeKill)
                        {
                            enough.TrySetResult();
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        if (!enough.Task.IsCompleted)
                        {
                            outcome.Problems.Add($"a create before the kill failed: {LogText.Escape(e.Message)}");
                            enough.TrySetResult();
                        }

                        // After the kill (or on the way to it) a failed create is expected: it was never acknowledged.
                        await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }, CancellationToken.None)).ToList();
            await enough.Task.WaitAsync(CallTimeout * 4, cancellationToken).ConfigureAwait(false);
            await server.KillAsync().ConfigureAwait(false);
            await killed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(callers).ConfigureAwait(false);
            await DisposeQuietlyAsync(client).ConfigureAwait(false);
        }

        outcome.AcknowledgedCreates = acknowledged.Count;

        // 2. Mid-upload: killed once the upload's first chunks are on the server's disk.
        await using (var server = await RestartAsync(transport, data, acknowledged, keptHash, content.Length, outcome, cancellationToken).ConfigureAwait(false))
        {
            var client = await ConnectAsync(transport, server, cancellationToken).ConfigureAwait(false);
            using var stopChunks = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var upload = client.Services.Files.UploadAsync(CutName, Chunks(content, stopAfter: content.Length / 2, stopChunks.Token), stopChunks.Token);
            outcome.CutOffBytesOnDisk = await UploadBytesOnDiskAsync(data, cancellationToken).ConfigureAwait(false);
            await server.KillAsync().ConfigureAwait(false);
            await stopChunks.CancelAsync().ConfigureAwait(false);
            await IgnoreFailureAsync(upload).ConfigureAwait(false);
            await DisposeQuietlyAsync(client).ConfigureAwait(false);
        }

        // 3. Mid-stream: a download of the stored file, killed after its first chunk.
        await using (var server = await RestartAsync(transport, data, acknowledged, keptHash, content.Length, outcome, cancellationToken).ConfigureAwait(false))
        {
            var client = await ConnectAsync(transport, server, cancellationToken).ConfigureAwait(false);
            using var deadline = Deadline(cancellationToken);
            var received = 0L;
            try
            {
                await foreach (var chunk in client.Services.Files.DownloadAsync(KeptName, deadline.Token).ConfigureAwait(false))
                {
                    received += chunk.Length;
                    if (received >= ChunkSize)
                    {
                        await server.KillAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Cut off by the kill, as it should be.
            }

            outcome.DownloadedBeforeKill = received;
            await server.KillAsync().ConfigureAwait(false);
            await DisposeQuietlyAsync(client).ConfigureAwait(false);
        }

        await using (await RestartAsync(transport, data, acknowledged, keptHash, content.Length, outcome, cancellationToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>Starts the server again on <paramref name="data"/> and checks what must have survived; the server is returned running.</summary>
    private static async Task<ServerProcess> RestartAsync(IRpcTransport transport, string data, IReadOnlyCollection<User> acknowledged, string keptHash, long keptSize, Outcome outcome, CancellationToken cancellationToken)
    {
        var server = await ChildServe.StartAsync(transport.Name, data, [], cancellationToken).ConfigureAwait(false);
        try
        {
            var client = await ConnectAsync(transport, server, cancellationToken).ConfigureAwait(false);
            try
            {
                using var deadline = Deadline(cancellationToken);
                if (await client.Services.Echo.ReverseAsync("restarted", deadline.Token).ConfigureAwait(false) != "detratser")
                {
                    outcome.Problems.Add("the restarted server answered echo.reverse wrongly");
                }

                var users = (await client.Services.Users.ListAsync(deadline.Token).ConfigureAwait(false)).ToHashSet();
                outcome.LostCreates = Math.Max(outcome.LostCreates, acknowledged.Count(u => !users.Contains(u)));
                var files = await client.Services.Files.ListAsync(deadline.Token).ConfigureAwait(false);
                if (files.Any(f => f.Name == CutName) || File.Exists(Path.Combine(data, ServiceHost.FilesFolder, CutName)))
                {
                    outcome.HalfWrittenVisible = 1;
                }

                var kept = files.FirstOrDefault(f => f.Name == KeptName);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await foreach (var chunk in client.Services.Files.DownloadAsync(KeptName, deadline.Token).ConfigureAwait(false))
                {
                    hash.AppendData(chunk);
                }

                if (kept is null || kept.Sha256 != keptHash || kept.Size != keptSize || Convert.ToHexStringLower(hash.GetHashAndReset()) != keptHash)
                {
                    outcome.StoredFilesBroken = 1;
                }
            }
            finally
            {
                await DisposeQuietlyAsync(client).ConfigureAwait(false);
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits (a few seconds at most) until an upload in progress has bytes in the files folder; returns how many.</summary>
    private static async Task<long> UploadBytesOnDiskAsync(string data, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(data, ServiceHost.FilesFolder);
        for (var wait = 0; wait < 100; wait++)
        {
            var onDisk = new DirectoryInfo(folder).EnumerateFiles().Where(f => f.Name != KeptName).Sum(f => f.Length);
            if (onDisk > 0)
            {
                return onDisk;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>
    /// <paramref name="content"/> in chunks; with <paramref name="stopAfter"/>, the chunks stop there and the upload
    /// hangs open (as a client cut off mid-upload) until <paramref name="cancellationToken"/>.
    /// </summary>
    private static async IAsyncEnumerable<byte[]> Chunks(byte[] content, int? stopAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var end = stopAfter ?? content.Length;
        for (var offset = 0; offset < end; offset += ChunkSize)
        {
            yield return content[offset..Math.Min(end, offset + ChunkSize)];
        }

        if (stopAfter is not null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IRpcClient> ConnectAsync(IRpcTransport transport, ServerProcess server, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return await transport.ConnectAsync(new ClientOptions { Host = "127.0.0.1", Port = server.Port }, deadline.Token).ConfigureAwait(false);
    }

    private static CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CallTimeout);
        return deadline;
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task.WaitAsync(CallTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The call the kill cut off: its failure is expected; what survived is checked after the restart.
        }
    }

    private static async Task DisposeQuietlyAsync(IRpcClient client)
    {
        try
        {
            await client.DisposeAsync().AsTask().WaitAsync(CallTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A client of a killed server may fail to say goodbye.
        }
    }

    private sealed class Outcome
    {
        public ConcurrentBag<string> Problems { get; } = [];

        public int AcknowledgedCreates { get; set; }

        public int LostCreates { get; set; }

        public long CutOffBytesOnDisk { get; set; }

        public int HalfWrittenVisible { get; set; }

        public long DownloadedBeforeKill { get; set; }

        public int StoredFilesBroken { get; set; }
    }
}
