namespace RpcLab.Transports.Hosting;

/// <summary>A running server. Disposing it stops listening and ends the calls in progress.</summary>
public interface IRpcServer : IAsyncDisposable
{
    string Transport { get; }

    string Host { get; }

    /// <summary>The port actually bound (the one chosen by the OS when the options said 0).</summary>
    int Port { get; }
}
