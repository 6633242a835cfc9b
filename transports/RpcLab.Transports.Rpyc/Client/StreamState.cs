namespace RpcLab.Transports.Rpyc.Client;

/// <summary>One server-stream call's progress in <see cref="RpycClient"/>: the session it runs on, the server's generator, and our request stream. Used by one enumeration at a time.</summary>
internal sealed class StreamState(ClientStream? stream)
{
    public ClientStream? Stream { get; } = stream;

    public ClientSession? Session { get; set; }

    public object? Result { get; set; }

    public object? Iterator { get; set; }

    public int Index { get; set; }
}
