using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Infrastructure;

/// <summary>
/// The drop-reply fault without a proxy: a user service whose first <see cref="IUserService.CreateAsync"/> runs (the user
/// is created) and then answers Unavailable, as if the reply had been lost on the way back; its first
/// <see cref="IUserService.GetAsync"/> answers Unavailable without running. Every transport carries the status, so the
/// client sees what it would see after a lost reply. Counts the calls that reached it. Thread-safe.
/// </summary>
public sealed class LostReplyUsers(IUserService inner) : IUserService
{
    private int _creates;
    private int _gets;

    /// <summary>How many create calls arrived (every attempt counts).</summary>
    public int Creates => Volatile.Read(ref _creates);

    /// <summary>How many get calls arrived (every attempt counts).</summary>
    public int Gets => Volatile.Read(ref _gets);

    public async Task<User> CreateAsync(string name, string email, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        var user = await inner.CreateAsync(name, email, requestId, cancellationToken);
        return Interlocked.Increment(ref _creates) == 1
            ? throw new RpcException(RpcStatusCode.Unavailable, "the reply was lost (test fault)")
            : user;
    }

    public Task<User> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Interlocked.Increment(ref _gets) == 1
            ? throw new RpcException(RpcStatusCode.Unavailable, "the server is briefly unavailable (test fault)")
            : inner.GetAsync(id, cancellationToken);

    public Task<User> UpdateAsync(string id, string name, string email, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(id, name, email, cancellationToken);

    public Task DeleteAsync(string id, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(id, requestId, cancellationToken);

    public Task<User[]> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
}
