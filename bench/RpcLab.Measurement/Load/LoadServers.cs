namespace RpcLab.Measurement.Load;

/// <summary>The names the results use for servers that are not foreign peers.</summary>
public static class LoadServers
{
    /// <summary>RpcLab's own server of a transport.</summary>
    public const string Ours = "rpclab";

    /// <summary>The floor's bare TCP echo.</summary>
    public const string Bare = "bare";

    /// <summary>A server given by <c>--host/--port</c>, whoever wrote it.</summary>
    public const string External = "external";

    /// <summary>The <c>transport</c> column of the floor's rows: a bare TCP round trip of the same bytes.</summary>
    public const string FloorTransport = "tcp-floor";

    /// <summary>"grpc" for our server (or the floor), "grpc (grpc-js)" for anyone else's.</summary>
    public static string Label(string transport, string server) =>
        server is Ours or Bare ? transport : $"{transport} ({server})";
}
