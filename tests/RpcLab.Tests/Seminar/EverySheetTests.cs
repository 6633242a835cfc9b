using RpcLab.Composition;
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

    [Fact]
    public void Lab_numbers_are_unique()
    {
        var numbers = LabCatalog.All.Select(s => s.Lab.Number).ToList();

        Assert.NotEmpty(numbers);
        Assert.Equal(numbers.Distinct(), numbers);
    }
}
