namespace RpcLab.Composition;

/// <summary>
/// How to start this same rpclab as a child process (a server for a lab, a load sweep, a test): rpclab.dll is
/// beside every program that composes it (the command itself, the test host). Thread-safe.
/// </summary>
public static class RpclabProcess
{
    /// <summary>The file to run and the arguments before rpclab's own: its apphost, or the dotnet host with rpclab.dll.</summary>
    public static (string FileName, string[] Prefix) CommandLine()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "rpclab.dll");
        var current = Environment.ProcessPath;
        var currentName = current is null ? string.Empty : Path.GetFileNameWithoutExtension(current);
        if (currentName == "rpclab")
        {
            return (current!, []);
        }

        var dotnet = currentName == "dotnet"
            ? current!
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        return (dotnet, [dll]);
    }
}
