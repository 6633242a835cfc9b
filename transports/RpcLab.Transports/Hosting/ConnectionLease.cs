using System.Net;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// One admitted connection's place under the limits of a <see cref="ConnectionLimiter"/>: disposing it (when the
/// connection closes) frees the place. Disposing twice frees it once, so every path that ends a connection may dispose
/// it. Thread-safe.
/// </summary>
public sealed class ConnectionLease : IDisposable
{
    private readonly ConnectionLimiter _limiter;
    private readonly IPAddress? _address;
    private int _released;

    internal ConnectionLease(ConnectionLimiter limiter, IPAddress? address)
    {
        _limiter = limiter;
        _address = address;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _limiter.Release(_address);
        }
    }
}
