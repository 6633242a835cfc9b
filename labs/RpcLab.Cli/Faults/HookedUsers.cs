using RpcLab.Services.Contracts;

namespace RpcLab.Cli.Faults;

/// <summary>
/// The users service with a hook called when a create's work is done and its reply not yet sent: the moment a
/// <see cref="FaultTrial"/> arms the proxy to lose the reply that is about to leave, whatever the transport's wire
/// looks like. Everything else passes through. Thread-safe if the hook is.
/// </summary>
internal sealed class HookedUsers(IUserService inner, Action afterCreate) : IUserService
{
    public async Task<User> CreateAsync(string name, string email, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        var user = await inner.CreateAsync(name, email, requestId, cancellationToken).ConfigureAwait(false);
        afterCreate();
        return user;
    }

    public Task<User> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<User> UpdateAsync(string id, string name, string email, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(id, name, email, cancellationToken);

    public Task DeleteAsync(string id, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(id, requestId, cancellationToken);

    public Task<User[]> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
}
