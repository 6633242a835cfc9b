using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using Proto = RpcLab.Transports.Grpc.Protos.Users;

namespace RpcLab.Transports.Grpc.Server.Adapters;

/// <summary>Serves <see cref="IUserService"/> as <c>rpclab.users.Users</c>.</summary>
internal static class UsersServerAdapter
{
    public static void Bind(GrpcServiceBinder binder, IUserService users)
    {
        binder.AddUnary(UsersMethods.Create, async (request, ct) =>
            (await users.CreateAsync(request.Name, request.Email, ct).ConfigureAwait(false)).ToProto());
        binder.AddUnary(UsersMethods.Get, async (request, ct) =>
            (await users.GetAsync(request.Id, ct).ConfigureAwait(false)).ToProto());
        binder.AddUnary(UsersMethods.Update, async (request, ct) =>
            (await users.UpdateAsync(request.Id, request.Name, request.Email, ct).ConfigureAwait(false)).ToProto());
        binder.AddUnary(UsersMethods.Delete, async (request, ct) =>
        {
            await users.DeleteAsync(request.Id, ct).ConfigureAwait(false);
            return new Proto.Empty();
        });
        binder.AddUnary(UsersMethods.List, async (_, ct) =>
        {
            var list = new Proto.UserList();
            list.Users.AddRange((await users.ListAsync(ct).ConfigureAwait(false)).Select(u => u.ToProto()));
            return list;
        });
    }
}
