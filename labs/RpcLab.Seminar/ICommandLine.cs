namespace RpcLab.Seminar;

/// <summary>
/// The rpclab command line, run inside this process: what a lab's client steps and an in-process server run,
/// exactly as a student types them. The CLI hands in its own, so the seminar needs no reference to the executable.
/// Implementations are thread-safe: each call parses and runs a fresh command.
/// </summary>
public interface ICommandLine
{
    /// <summary>Runs one command line to its end (or until <paramref name="cancellationToken"/> fires, as Ctrl+C would) and returns its exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken);
}
