using System.Globalization;
using System.Runtime.InteropServices;
using Grpc.Core;
using Grpc.Net.Client;
using Lab4.Sync;
using RpcLab.Transports.Grpc.Protos.Files;

// mysync DIR [--interval 10s] [--port 50051] [--host 127.0.0.1]: keeps the server's files equal to DIR's, cycle after
// cycle, until Ctrl+C. `rpclab check 4` runs it as `... {dir} --interval {interval} --port {port}`.
if (CommandLine.Parse(args) is not { } options)
{
    Console.Error.WriteLine("usage: mysync DIR [--interval 10s] [--port 50051] [--host 127.0.0.1]");
    return 2;
}

if (!Directory.Exists(options.Folder))
{
    Console.Error.WriteLine($"error: no folder {options.Folder}");
    return 1;
}

// Ctrl+C and SIGTERM (how `rpclab check` stops it) end the loop; the process then exits with 0.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

// One channel (one HTTP/2 connection, made again by the channel itself when the server comes back) for every call.
using var channel = GrpcChannel.ForAddress($"http://{options.Host}:{options.Port}");
var mirror = new FolderMirror(options.Folder, new Files.FilesClient(channel));
Console.WriteLine($"mysync: watching {Path.GetFullPath(options.Folder)} for {channel.Target}, every {options.Interval.TotalSeconds:0.###} s (Ctrl+C to stop)");
while (!stop.IsCancellationRequested)
{
    try
    {
        var cycle = await mirror.SyncOnceAsync(stop.Token);
        Console.WriteLine($"{DateTime.Now:HH:mm:ss} {cycle}");
    }
    catch (RpcException e) when (!stop.IsCancellationRequested)
    {
        Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} error: {e.StatusCode}: {e.Status.Detail}; trying again next cycle");
    }
    catch (IOException e) when (!stop.IsCancellationRequested)
    {
        // A file renamed or deleted between the listing and the read: the next cycle sees the folder as it is.
        Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} error: {e.Message}; trying again next cycle");
    }
    catch (Exception e) when (stop.IsCancellationRequested && e is RpcException or OperationCanceledException)
    {
        break;
    }

    try
    {
        await Task.Delay(options.Interval, stop.Token);
    }
    catch (OperationCanceledException)
    {
        break;
    }
}

Console.WriteLine("mysync: stopped");
return 0;

/// <summary>mysync's command line.</summary>
internal sealed record CommandLine(string Folder, TimeSpan Interval, int Port, string Host)
{
    /// <summary>The options in <paramref name="args"/>, or null when they make no sense.</summary>
    public static CommandLine? Parse(string[] args)
    {
        string? folder = null;
        var interval = TimeSpan.FromSeconds(10);
        var port = 50051;
        var host = "127.0.0.1";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--interval" when i + 1 < args.Length && Duration(args[++i]) is { } value:
                    interval = value;
                    break;
                case "--port" when i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536:
                    port = p;
                    break;
                case "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case var word when !word.StartsWith('-') && folder is null:
                    folder = word;
                    break;
                default:
                    return null;
            }
        }

        return folder is null ? null : new CommandLine(folder, interval, port, host);
    }

    /// <summary><c>10s</c>, <c>500ms</c>, <c>2m</c>; null for anything else.</summary>
    private static TimeSpan? Duration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : (text, 1000.0);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromMilliseconds(value * unit)
            : null;
    }
}
