using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Hosting;
using Proto = RpcLab.Transports.Grpc.Protos.Users;

namespace RpcLab.Transports.Grpc.Client.Adapters;

/// <summary><see cref="IUserService"/> over <c>rpclab.users.Users</c>. Thread-safe.</summary>
internal sealed class UsersClientAdapter(GrpcCallInvoker invoker, CallOptions options) : IUserService
{
    public async Task<User> CreateAsync(string name, string email, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(UsersMethods.Create, new Proto.CreateUserRequest { Name = name, Email = email }, options, cancellationToken).ConfigureAwait(false)).ToContract();

    public async Task<User> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(UsersMethods.Get, new Proto.UserId { Id = id }, options, cancellationToken).ConfigureAwait(false)).ToContract();

    public async Task<User> UpdateAsync(string id, string name, string email, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(UsersMethods.Update, new Proto.User { Id = id, Name = name, Email = email }, options, cancellationToken).ConfigureAwait(false)).ToContract();

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        invoker.UnaryAsync(UsersMethods.Delete, new Proto.UserId { Id = id }, options, cancellationToken);

    public async Task<User[]> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await invoker.UnaryAsync(UsersMethods.List, new Proto.Empty(), options, cancellationToken).ConfigureAwait(false)).Users.Select(u => u.ToContract())];
}
