using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using Proto = RpcLab.Transports.Grpc.Protos.Users;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>Serves <see cref="IUserService"/> as <c>rpclab.users.Users</c>. Thread-safe.</summary>
internal sealed class UsersAdapter(IUserService users) : Proto.Users.UsersBase
{
    public override async Task<Proto.User> Create(Proto.CreateUserRequest request, ServerCallContext context) =>
        (await users.CreateAsync(request.Name, request.Email, ContractMapping.ToRequestId(request.RequestClientId, request.RequestSequence), context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<Proto.User> Get(Proto.UserId request, ServerCallContext context) =>
        (await users.GetAsync(request.Id, context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<Proto.User> Update(Proto.User request, ServerCallContext context) =>
        (await users.UpdateAsync(request.Id, request.Name, request.Email, context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<Proto.Empty> Delete(Proto.UserId request, ServerCallContext context)
    {
        await users.DeleteAsync(request.Id, ContractMapping.ToRequestId(request.RequestClientId, request.RequestSequence), context.CancellationToken).ConfigureAwait(false);
        return new Proto.Empty();
    }

    public override async Task<Proto.UserList> List(Proto.Empty request, ServerCallContext context)
    {
        var list = new Proto.UserList();
        list.Users.AddRange((await users.ListAsync(context.CancellationToken).ConfigureAwait(false)).Select(u => u.ToProto()));
        return list;
    }
}
