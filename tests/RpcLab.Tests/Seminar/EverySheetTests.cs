using System.Diagnostics;
using System.Globalization;
using RpcLab.Composition;
using RpcLab.Measurement.Load;
using RpcLab.Seminar;
using RpcLab.Seminar.Checks;

namespace RpcLab.Tests.Seminar;

/// <summary>Every sheet found beside rpclab.dll, as students get them: each is a lab the runner, labs and check can use.</summary>
public sealed class EverySheetTests
{
    public static TheoryData<string> Sheets => new(LabCatalog.SheetFiles.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Sheets))]
    public void The_sheet_parses_its_script_runs_over_its_transports_and_its_checks_exist(string file)
    {
        var sheet = LabCatalog.Load(Path.Combine(LabCatalog.SheetsFolder, file));

        Assert.StartsWith(sheet.Lab.FilePrefix + "-", file);
        Assert.All(sheet.Lab.Transports, t => Assert.Contains(t, TransportRegistry.Names));
        Assert.All(sheet.Lab.Transports, t => Assert.NotEmpty(sheet.Script.ForTransport(sheet.Lab.DefaultTransport, t).ClientSteps));
        if (sheet.Lab.Checks is { } checks)
        {
            Assert.True(CheckSuites.Find(checks) is not null, $"{file} names the check suite '{checks}'; the suites are: {string.Join(", ", CheckSuites.All.Select(s => s.Name))}");
        }
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public async Task The_lab_runs_end_to_end_as_a_student_starts_it(string file)
    {
        // Arrange: the sheets' commands name files of the checkout (labs/cluster/init.yaml), so rpclab runs as a student
        // runs it: a process of its own in the repository folder.
        var number = LabCatalog.Load(Path.Combine(LabCatalog.SheetsFolder, file)).Lab.Number;
        var root = Repository.Root ?? throw new InvalidOperationException("the tests run from a checkout of RpcLab");
        var (fileName, prefix) = RpclabProcess.CommandLine();
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in prefix.Append("lab").Append(number.ToString(CultureInfo.InvariantCulture)))
        {
            info.ArgumentList.Add(arg);
        }

        // Act
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        // Assert
        Assert.True(process.ExitCode == 0, await output + await error);
        Assert.Contains("All steps PASS.", await output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lab_numbers_are_unique()
    {
        var numbers = LabCatalog.All.Select(s => s.Lab.Number).ToList();

        Assert.NotEmpty(numbers);
        Assert.Equal(numbers.Distinct(), numbers);
    }
}
