using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Grpc.Protos.Original.UserServices;

namespace RpcLab.Transports.Grpc.Server.Adapters;

/// <summary>
/// Serves the original lab's <c>userservices.UserService</c> (lowerCamel methods) with our
/// <see cref="IUserService"/>; validation and NotFound errors come from the service itself.
/// </summary>
internal static class OriginalUserServiceServerAdapter
{
    public static void Bind(GrpcServiceBinder binder, IUserService users)
    {
        binder.AddUnary(OriginalUserServiceMethods.CreateUser, async (request, ct) =>
            ToProto(await users.CreateAsync(request.Name, request.Email, ct).ConfigureAwait(false)));
        binder.AddUnary(OriginalUserServiceMethods.UpdateUser, async (request, ct) =>
            ToProto(await users.UpdateAsync(request.Id, request.Name, request.Email, ct).ConfigureAwait(false)));
        binder.AddUnary(OriginalUserServiceMethods.DeleteUser, async (request, ct) =>
        {
            await users.DeleteAsync(request.Id, ct).ConfigureAwait(false);
            return new DeleteUserResponse { Message = $"User {request.Id} deleted" };
        });
        binder.AddUnary(OriginalUserServiceMethods.GetUser, async (request, ct) =>
            ToProto(await users.GetAsync(request.Id, ct).ConfigureAwait(false)));
    }

    private static Protos.Original.UserServices.User ToProto(Services.Contracts.User user) => new() { Id = user.Id, Name = user.Name, Email = user.Email };
}
