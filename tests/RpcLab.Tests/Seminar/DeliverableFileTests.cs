using RpcLab.Seminar;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Seminar;

public sealed class DeliverableFileTests
{
    [Fact]
    public async Task A_generated_file_is_rewritten_until_the_student_edits_it_and_the_answers_file_is_created_once()
    {
        using var folder = new TempFolder();
        var transcript = folder.Combine("lab01-client.md");
        var answers = folder.Combine("lab01-answers.md");

        Assert.Equal(DeliverableFile.Outcome.Written, await DeliverableFile.WriteGeneratedAsync(transcript, "run 1\n", CancellationToken.None));
        Assert.Equal(DeliverableFile.Outcome.Written, await DeliverableFile.WriteGeneratedAsync(transcript, "run 2\n", CancellationToken.None));
        await File.WriteAllTextAsync(transcript, (await File.ReadAllTextAsync(transcript)).Replace("run 2", "run 2, with my note"));
        Assert.Equal(DeliverableFile.Outcome.KeptEdited, await DeliverableFile.WriteGeneratedAsync(transcript, "run 3\n", CancellationToken.None));
        Assert.Contains("with my note", await File.ReadAllTextAsync(transcript));

        Assert.Equal(DeliverableFile.Outcome.Written, await DeliverableFile.CreateOnceAsync(answers, "template", CancellationToken.None));
        await File.WriteAllTextAsync(answers, "my answers");
        Assert.Equal(DeliverableFile.Outcome.KeptExisting, await DeliverableFile.CreateOnceAsync(answers, "template", CancellationToken.None));
        Assert.Equal("my answers", await File.ReadAllTextAsync(answers));
    }
}
