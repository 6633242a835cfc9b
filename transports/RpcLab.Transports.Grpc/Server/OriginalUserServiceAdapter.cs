using Grpc.Core;
using RpcLab.Services.Contracts;
using User = RpcLab.Transports.Grpc.Protos.Original.UserServices.User;
using RpcLab.Transports.Grpc.Protos.Original.UserServices;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// Serves the original lab's <c>userservices.UserService</c> (lowerCamel methods) with an <see cref="IUserService"/>
/// that applies that lab's rules (<see cref="ServiceSet.OriginalUsers"/>: any name and email on update) over the
/// same users as <c>rpclab.users.Users</c>; validation and NotFound errors come from the service. Thread-safe.
/// </summary>
internal sealed class OriginalUserServiceAdapter(IUserService users) : UserService.UserServiceBase
{
    public override async Task<User> createUser(CreateUserRequest request, ServerCallContext context) =>
        ToProto(await users.CreateAsync(request.Name, request.Email, cancellationToken: context.CancellationToken).ConfigureAwait(false));

    public override async Task<User> updateUser(UpdateUserRequest request, ServerCallContext context) =>
        ToProto(await users.UpdateAsync(request.Id, request.Name, request.Email, context.CancellationToken).ConfigureAwait(false));

    public override async Task<DeleteUserResponse> deleteUser(DeleteUserRequest request, ServerCallContext context)
    {
        await users.DeleteAsync(request.Id, cancellationToken: context.CancellationToken).ConfigureAwait(false);
        return new DeleteUserResponse { Message = $"User {request.Id} deleted" };
    }

    public override async Task<User> getUser(GetUserRequest request, ServerCallContext context) =>
        ToProto(await users.GetAsync(request.Id, context.CancellationToken).ConfigureAwait(false));

    private static User ToProto(Services.Contracts.User user) => new() { Id = user.Id, Name = user.Name, Email = user.Email };
}
