using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RpcLab.Composition;

namespace RpcLab.Tests.Cli;

/// <summary>
/// rpclab as a child process driven through its stdin, either piped (the menus' plain mode) or through a pseudo-terminal
/// made by util-linux's <c>script</c> (the Spectre prompts). The output is read as it comes, with terminal escapes
/// stripped, and waited on in order. Disposing kills the process tree if it is still running.
/// </summary>
public sealed partial class ChildSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _raw = new();
    private readonly Task _reading;
    private readonly Task _readingErrors;
    private int _position;

    private ChildSession(Process process)
    {
        _process = process;
        _reading = Task.Run(() => ReadAsync(process.StandardOutput));
        _readingErrors = Task.Run(() => ReadAsync(process.StandardError));
    }

    /// <summary>Whether this machine can make a pseudo-terminal the way the tests do (util-linux's script).</summary>
    public static bool HasScript => File.Exists("/usr/bin/script");

    /// <summary>rpclab with <paramref name="args"/>, stdin and stdout piped (no terminal).</summary>
    public static ChildSession StartPiped(params string[] args)
    {
        var (file, prefix) = RpclabProcess.CommandLine();
        var info = Info(file);
        foreach (var arg in prefix.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        return new ChildSession(Process.Start(info)!);
    }

    /// <summary>rpclab with <paramref name="args"/> on a 120x40 pseudo-terminal: <c>script -qfec "stty ...; exec rpclab ..." /dev/null</c>.</summary>
    public static ChildSession StartInTerminal(params string[] args)
    {
        var (file, prefix) = RpclabProcess.CommandLine();
        var command = "stty cols 120 rows 40 2>/dev/null; exec " + string.Join(' ', new[] { file }.Concat(prefix).Concat(args).Select(Quote));
        var info = Info("/usr/bin/script");
        foreach (var arg in new[] { "-qfec", command, "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TERM"] = "xterm-256color";
        return new ChildSession(Process.Start(info)!);
    }

    /// <summary>Everything printed so far, escapes stripped.</summary>
    public string Output
    {
        get
        {
            lock (_raw)
            {
                return Escapes().Replace(_raw.ToString(), "");
            }
        }
    }

    /// <summary>Waits until <paramref name="pattern"/> (a regex) appears after the previous match; returns the match.</summary>
    public async Task<Match> WaitForAsync(string pattern, int timeoutMs = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var regex = new Regex(pattern);
        while (true)
        {
            var output = Output;
            var match = regex.Match(output, Math.Min(_position, output.Length));
            if (match.Success)
            {
                _position = match.Index + match.Length;
                return match;
            }

            if (DateTime.UtcNow > deadline || (_process.HasExited && _reading.IsCompleted))
            {
                Assert.Fail($"no /{pattern}/ in the output after position {_position}:\n{output}");
            }

            await Task.Delay(50);
        }
    }

    public async Task SendAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    public Task SendLineAsync(string line) => SendAsync(line + "\n");

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(int timeoutMs = 15_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        await _process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(_reading, _readingErrors);
        return _process.ExitCode;
    }

    /// <summary>Both of the child's outputs into one buffer, as a terminal would show them.</summary>
    private async Task ReadAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_raw)
            {
                _raw.Append(buffer, 0, read);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo Info(string file) => new(file)
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>78M]|\r")]
    private static partial Regex Escapes();
}
