using System.CommandLine;
using RpcLab.Seminar;

namespace RpcLab.Cli.Commands;

/// <summary>The lab's number argument of <c>lab</c>, <c>check</c> and <c>submit</c>, and finding its sheet with one error wording for all three.</summary>
public static class LabNumber
{
    public static Argument<int> Create() => new("number")
    {
        Description = "The lab's number (see: rpclab labs).",
        CustomParser = WholeNumber.RequiredParser("the lab's number", 1, int.MaxValue, "a whole number like 1 (see: rpclab labs)"),
    };

    /// <summary>The sheet of lab <paramref name="number"/>, or null after writing why to <paramref name="error"/>.</summary>
    public static async Task<LabSheet?> FindAsync(int number, TextWriter error)
    {
        try
        {
            var labs = LabCatalog.All;
            if (labs.FirstOrDefault(s => s.Lab.Number == number) is { } sheet)
            {
                return sheet;
            }

            await error.WriteLineAsync($"error: there is no lab {number}; the labs are {string.Join(", ", labs.Select(l => l.Lab.Number))} (see: rpclab labs)").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }

        return null;
    }
}
