namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>An open result stream as <see cref="ResultStreams"/> sees it: something to end when the connection closes.</summary>
internal interface IResultCursor
{
    /// <summary>Stops the stream's producer and disposes it (at once, or as soon as a pull in progress returns).</summary>
    ValueTask CloseAsync();
}
