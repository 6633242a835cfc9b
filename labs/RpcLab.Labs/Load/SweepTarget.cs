namespace RpcLab.Labs.Load;

/// <summary>One server of a sweep, not yet started: its label and how to start it. Immutable.</summary>
public sealed record SweepTarget(string Transport, string Server, Func<CancellationToken, Task<ILoadTarget>> StartAsync)
{
    public string Label => LoadServers.Label(Transport, Server);
}
