using RpcLab.Measurement.Load;
using RpcLab.Measurement.Results;

namespace RpcLab.Tests.Bench;

/// <summary>A results folder with known figures, for the report's tests. Deleted on disposal.</summary>
public sealed class ResultsFixture : IDisposable
{
    public static readonly MachineInfo Machine = new("Test CPU 3000", 2, 23.5, "Debian GNU/Linux 12 (bookworm), Linux 6.1", ".NET 10.0.0");

    public ResultsFixture()
    {
        Root = Directory.CreateTempSubdirectory("rpclab-report-test-").FullName;
        Directory.CreateDirectory(Results);
    }

    public string Root { get; }

    public string Results => Path.Combine(Root, ResultsFiles.Folder);

    public static LoadRow Load(string transport, string server, int concurrency, double rps, double p50, double p99) =>
        new(transport, server, LoadModes.Closed, concurrency, Math.Min(concurrency, 4), 0, 3, (long)(rps * 3), 0, rps, p50, p50 * 1.5, p99, p99 * 2, p99 * 3, "");

    public void WriteLoad(params LoadRow[] rows) => Write(ResultsFiles.Load, LoadCsv.Write(rows), "rpclab bench load --transport all --duration 3s");

    public void WriteMicro(params MicroRow[] rows) => Write(ResultsFiles.Micro, MicroCsv.Write(rows), "rpclab bench micro --job short", [new RunNote("UploadBenchmarks over rest", "Unimplemented: client streaming")]);

    public void WriteH2Load(params H2LoadRow[] rows) => Write(ResultsFiles.H2Load, H2LoadCsv.Write(rows), "rpclab bench h2load");

    public void Write(string file, string csv, string command, RunNote[]? skipped = null)
    {
        var path = Path.Combine(Results, file);
        File.WriteAllText(path, csv);
        File.WriteAllText(RunInfo.SidecarOf(path), new RunInfo("2026-11-25 12:00 UTC", "0123456789ab", Machine, command, skipped ?? []).ToJson());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
