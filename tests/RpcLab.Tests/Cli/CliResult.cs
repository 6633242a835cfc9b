namespace RpcLab.Tests.Cli;

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
