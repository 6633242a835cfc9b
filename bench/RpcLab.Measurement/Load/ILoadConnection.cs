namespace RpcLab.Measurement.Load;

/// <summary>
/// One connection of the load generator. <see cref="CallAsync"/> makes the <see cref="SmallCall"/> and
/// throws when it failed or the reply was wrong. Thread-safe when its target is
/// <see cref="ILoadTarget.Multiplexed"/>; otherwise one call at a time.
/// </summary>
public interface ILoadConnection : IAsyncDisposable
{
    ValueTask CallAsync(CancellationToken cancellationToken);
}
