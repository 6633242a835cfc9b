using RpcLab.Cli.Commands;
using RpcLab.Measurement.Load;

namespace RpcLab.Tests.Bench;

public sealed class GeneratorRuntimeTests
{
    [Theory]
    [InlineData(true, "bench", "load", "-t", "grpc")]
    [InlineData(true, "bench", "h2load")]
    [InlineData(true, "bench", "all", "--out", "reports")]
    [InlineData(false, "bench", "serve", "--transport", "grpc")]
    [InlineData(false, "bench", "micro")]
    [InlineData(false, "bench", "sum")]
    [InlineData(false, "bench")]
    [InlineData(false, "serve", "--transport", "grpc")]
    [InlineData(false, "load")]
    [InlineData(false)]
    public void OnlyTheVerbsThatRunTheLoadGeneratorGetItsSettings(bool expected, params string[] args) =>
        Assert.Equal(expected, BenchCommand.RunsLoadGenerator(args));

    [Fact]
    public async Task AServerTheGeneratorStartsRunsWithTheDefaultsAUserOfServeGets()
    {
        // The generator's own process has the setting; the server it starts must not inherit it.
        var before = Environment.GetEnvironmentVariable(GeneratorRuntime.PoolVariable);
        Environment.SetEnvironmentVariable(GeneratorRuntime.PoolVariable, GeneratorRuntime.PoolArrays);
        try
        {
            var script = $"echo \"listening on 1 with pool=${{{GeneratorRuntime.PoolVariable}:-default}}\"; read stop";
            await using var server = await ServerProcess.StartAsync(
                "/bin/sh", ["-c", script], line => line.StartsWith("listening on 1", StringComparison.Ordinal) ? 1 : null, TimeSpan.FromSeconds(30), CancellationToken.None);

            Assert.Contains("pool=default", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(GeneratorRuntime.PoolVariable, before);
        }
    }

    [Fact]
    public void RemovingTheSettingsLeavesEverythingElse()
    {
        var environment = new Dictionary<string, string?> { [GeneratorRuntime.PoolVariable] = GeneratorRuntime.PoolArrays, ["PATH"] = "/usr/bin" };

        GeneratorRuntime.RemoveFrom(environment);

        Assert.Equal(["PATH"], environment.Keys);
    }
}
