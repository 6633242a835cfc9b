using System.Diagnostics;
using System.Globalization;

namespace RpcLab.Tests.Interop;

/// <summary>The harness every interop test stands on: readiness, failure messages, and cleanup.</summary>
public sealed class PeerProcessTests
{
    private const string Shell = "/bin/sh";

    [Fact]
    public async Task WaitForLine_ReturnsTheFirstMatchingLine()
    {
        await using var peer = PeerProcess.Start(Shell, ["-c", "echo starting; echo 'listening on 127.0.0.1:1234'; cat"], Path.GetTempPath());

        var line = await peer.WaitForLineAsync(l => l.StartsWith("listening on ", StringComparison.Ordinal), "starting with 'listening on '");

        Assert.Equal("listening on 127.0.0.1:1234", line);
    }

    [Fact]
    public async Task WaitForLine_WhenTheProgramExitsFirst_FailsWithItsExitCodeAndStandardError()
    {
        await using var peer = PeerProcess.Start(Shell, ["-c", "echo 'no module named grpc' >&2; exit 3"], Path.GetTempPath());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => peer.WaitForLineAsync(_ => true, "at all"));

        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("no module named grpc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForExit_ReturnsTheExitCodeWithAllOutputRead()
    {
        await using var peer = PeerProcess.Start(Shell, ["-c", "echo out; echo err >&2; exit 7"], Path.GetTempPath());

        var exitCode = await peer.WaitForExitAsync();

        Assert.Equal(7, exitCode);
        Assert.Equal("out\n", peer.StandardOutput);
        Assert.Equal("err\n", peer.StandardError);
    }

    [Fact]
    public async Task Dispose_KillsTheProgramAndWhatItStarted()
    {
        // A shell that ignores its closed stdin and waits on a child: only a tree kill ends both.
        var peer = PeerProcess.Start(Shell, ["-c", "sleep 300 & echo $!; wait"], Path.GetTempPath());
        var childId = int.Parse(await peer.WaitForLineAsync(_ => true, "with the child's id"), CultureInfo.InvariantCulture);
        var shellId = peer.Id;

        await peer.DisposeAsync();

        Assert.False(IsRunning(shellId), "the shell survived disposal");
        Assert.True(await GoneWithinAsync(childId, TimeSpan.FromSeconds(10)), "the shell's child survived disposal");
    }

    // The kill signal reaches a grandchild asynchronously, and a dead one may linger as a zombie until
    // init reaps it; both count as gone.
    private static async Task<bool> GoneWithinAsync(int id, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (IsRunning(id))
        {
            if (stopwatch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private static bool IsRunning(int id)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ..."; Z is a zombie, X dead.
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
