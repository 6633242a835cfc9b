namespace RpcLab.Tests.Cli;

/// <summary><c>rpclab workspace N DIR</c>: one line per file, written or kept; an unknown lab is an error.</summary>
public sealed class WorkspaceCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rpclab-wscmd-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Running_it_twice_writes_then_keeps_every_file()
    {
        // Act
        var first = await Cli.RunAsync(["workspace", "1", _folder]);
        var second = await Cli.RunAsync(["workspace", "1", _folder]);

        // Assert
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("wrote protos/lab1.proto", first.OutputLines);
        Assert.Contains("wrote Server/FirstRpcService.cs", first.OutputLines);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("kept  Server/FirstRpcService.cs (already there)", second.OutputLines);
        Assert.DoesNotContain(second.OutputLines, l => l.StartsWith("wrote", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_lab_is_an_error_naming_the_labs()
    {
        // Act
        var result = await Cli.RunAsync(["workspace", "99", _folder]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("there is no lab 99", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
