using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using RpcLab.Transports.Hosting;
using Proto = RpcLab.Transports.Grpc.Protos.Users;

namespace RpcLab.Transports.Grpc.Client;

/// <summary><see cref="IUserService"/> over the generated <see cref="Proto.Users.UsersClient"/>. Thread-safe.</summary>
internal sealed class UsersClientAdapter(Proto.Users.UsersClient client, CallOptions options) : IUserService
{
    public async Task<User> CreateAsync(string name, string email, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        (await client.CreateAsync(new Proto.CreateUserRequest { Name = name, Email = email, RequestClientId = requestId?.ClientId ?? string.Empty, RequestSequence = requestId?.Sequence ?? 0 }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).ToContract();

    public async Task<User> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await client.GetAsync(new Proto.UserId { Id = id }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).ToContract();

    public async Task<User> UpdateAsync(string id, string name, string email, CancellationToken cancellationToken = default) =>
        (await client.UpdateAsync(new Proto.User { Id = id, Name = name, Email = email }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).ToContract();

    public async Task DeleteAsync(string id, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        await client.DeleteAsync(new Proto.UserId { Id = id, RequestClientId = requestId?.ClientId ?? string.Empty, RequestSequence = requestId?.Sequence ?? 0 }, Calls.Options(options, cancellationToken)).ConfigureAwait(false);

    public async Task<User[]> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await client.ListAsync(new Proto.Empty(), Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Users.Select(u => u.ToContract())];
}
