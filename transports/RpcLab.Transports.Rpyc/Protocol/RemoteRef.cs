using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// A proxy for an object the peer owns (a REMOTE_REF it sent): requests on it go to the peer. The peer counts one
/// reference for each time it sent the object; each proxy here stands for one of them, and <see cref="Release"/>
/// sends the DEL that gives it back (once; the connection's end releases everything anyway). Thread-safe.
/// </summary>
internal sealed class RemoteRef(RpycConnection connection, IdPack id)
{
    private int _released;

    public RpycConnection Connection { get; } = connection;

    public IdPack Id { get; } = id;

    /// <summary><c>obj.name(*args)</c> on the peer (CALLATTR).</summary>
    public Task<object?> CallAttrAsync(string name, object?[] args, CancellationToken cancellationToken) =>
        Connection.RequestAsync(RpycConsts.HandleCallAttr, [this, name, args, Array.Empty<object?>()], cancellationToken);

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Connection.SendDel(this);
        }
    }

    public override string ToString() => $"<netref {Id.Name}>";

    /// <summary>Every proxy inside <paramref name="value"/> (a tuple may hold several) released.</summary>
    public static void ReleaseAll(object? value)
    {
        switch (value)
        {
            case RemoteRef remote:
                remote.Release();
                break;
            case object?[] tuple:
                foreach (var item in tuple)
                {
                    ReleaseAll(item);
                }

                break;
        }
    }
}
