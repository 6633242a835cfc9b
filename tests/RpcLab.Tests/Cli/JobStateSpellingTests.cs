using System.Text.Json;
using RpcLab.Tests.Conformance;

namespace RpcLab.Tests.Cli;

/// <summary>
/// <c>rpclab call</c> prints a job's state with one spelling (Pending, Running, Done, Failed) whatever the transport,
/// REST included, whose JSON on the wire says DONE.
/// </summary>
public sealed class JobStateSpellingTests
{
    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_delayed_job_prints_running_or_pending_then_done(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var submitted = await Cli.RunAsync(["call", "compute.submitAdd", "40", "2", "1500", .. server.Endpoint]);
        var id = JsonDocument.Parse(submitted.Output).RootElement.GetString()!;
        var early = await Cli.RunAsync(["call", "compute.getJob", id, .. server.Endpoint]);
        var done = await Cli.RunAsync(["call", "compute.waitJob", id, "10000", .. server.Endpoint]);

        Assert.Equal(0, submitted.ExitCode);
        Assert.Contains(State(early.Output), new[] { "Pending", "Running" });
        Assert.Equal("Done", State(done.Output));
        Assert.Contains("\"state\": \"Done\"", done.Output);
    }

    private static string? State(string json) => JsonDocument.Parse(json).RootElement.GetProperty("state").GetString();
}
