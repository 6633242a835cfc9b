using RpcLab.Network;

namespace RpcLab.Wire.Capture;

/// <summary>
/// A <see cref="TcpRelay"/> that keeps every chunk it relays, both directions, in the order the relay read them:
/// point a client at <see cref="Host"/>:<see cref="Port"/>, make the call, then <see cref="Transcript"/> decodes
/// what crossed. Thread-safe; dispose to close the relay.
/// </summary>
public sealed class WireTap : IAsyncDisposable
{
    private readonly List<RelayChunk> _chunks = [];
    private readonly TcpRelay _relay;
    private string? _upstreamError;

    private WireTap(string upstreamHost, int upstreamPort)
    {
        _relay = TcpRelay.Start(upstreamHost, upstreamPort, new TcpRelayOptions
        {
            OnClientToServer = Keep,
            OnServerToClient = Keep,
            OnUpstreamFailed = (_, e) => Interlocked.CompareExchange(ref _upstreamError, $"the relay could not connect to {upstreamHost}:{upstreamPort}: {e.Message}", null),
        });
    }

    public string Host => _relay.Host;

    public int Port => _relay.Port;

    /// <summary>Why the relay could not reach the server (the first time it failed), or null: a client only sees its connection close.</summary>
    public string? UpstreamError => Volatile.Read(ref _upstreamError);

    /// <summary>Relays 127.0.0.1:(any free port) to <paramref name="upstreamHost"/>:<paramref name="upstreamPort"/>.</summary>
    public static WireTap Start(string upstreamHost, int upstreamPort) => new(upstreamHost, upstreamPort);

    /// <summary>The chunks so far, by the time they were read.</summary>
    public IReadOnlyList<RelayChunk> Chunks
    {
        get
        {
            lock (_chunks)
            {
                return [.. _chunks.OrderBy(c => c.At)];
            }
        }
    }

    /// <summary>
    /// Waits for the client's connections to end (after the client is disposed), so the capture holds the last
    /// bytes too (a GOAWAY, a close); gives up after <paramref name="patience"/>.
    /// </summary>
    public Task<bool> WhenConnectionsEndAsync(TimeSpan patience, CancellationToken cancellationToken = default) =>
        _relay.WhenConnectionsEndAsync(patience, cancellationToken);

    /// <summary>Decodes what was captured with the decoder of <paramref name="transport"/>.</summary>
    public WireTranscript Transcript(string transport) => WireTranscript.Decode(transport, Chunks);

    public ValueTask DisposeAsync() => _relay.DisposeAsync();

    private void Keep(RelayChunk chunk)
    {
        lock (_chunks)
        {
            _chunks.Add(chunk);
        }
    }
}
