using RpcLab.Measurement.Load;
using RpcLab.Measurement.Reports;
using RpcLab.Measurement.Results;

namespace RpcLab.Tests.Bench;

public sealed class CommittedReportTests
{
    /// <summary>
    /// The committed report (reports/README.md and reports/charts/) is exactly what <c>rpclab report</c> makes
    /// from the committed results: regenerated into a fresh folder, every file is byte for byte the same, and
    /// no chart is left over.
    /// </summary>
    [Fact]
    public void TheCommittedReportIsWhatRpclabReportMakesOfTheCommittedResults()
    {
        var root = Repository.RequireRoot("this test");
        var reports = Path.Combine(root, "reports");
        var temp = Directory.CreateTempSubdirectory("rpclab-committed-report-").FullName;
        try
        {
            var results = Path.Combine(temp, ResultsFiles.Folder);
            Directory.CreateDirectory(results);
            foreach (var file in Directory.GetFiles(Path.Combine(reports, ResultsFiles.Folder)))
            {
                File.Copy(file, Path.Combine(results, Path.GetFileName(file)));
            }

            ReportGenerator.Generate(results, temp);

            Assert.Equal(File.ReadAllText(Path.Combine(reports, ReportFiles.Readme)), File.ReadAllText(Path.Combine(temp, ReportFiles.Readme)));
            var committed = Directory.GetFiles(Path.Combine(reports, ReportFiles.ChartsFolder)).Select(Path.GetFileName).Order().ToList();
            var made = Directory.GetFiles(Path.Combine(temp, ReportFiles.ChartsFolder)).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(made, committed);
            foreach (var chart in made)
            {
                Assert.True(
                    File.ReadAllBytes(Path.Combine(reports, ReportFiles.ChartsFolder, chart!)).SequenceEqual(File.ReadAllBytes(Path.Combine(temp, ReportFiles.ChartsFolder, chart!))),
                    $"reports/charts/{chart} differs from what rpclab report makes of the committed results: run rpclab report and commit");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
