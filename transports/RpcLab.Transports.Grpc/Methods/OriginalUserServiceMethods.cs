using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Original.UserServices;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Methods;

/// <summary>
/// The original user-service lab's contract, <c>userservices.UserService</c> (protos/original/user_service.proto).
/// The method names are lowerCamel on the wire, as in the original.
/// </summary>
public static class OriginalUserServiceMethods
{
    public const string Service = "userservices.UserService";

    public static readonly GrpcMethod<CreateUserRequest, User> CreateUser = new(CallShape.Unary, Service, "createUser", CreateUserRequest.Parser, User.Parser);

    public static readonly GrpcMethod<UpdateUserRequest, User> UpdateUser = new(CallShape.Unary, Service, "updateUser", UpdateUserRequest.Parser, User.Parser);

    public static readonly GrpcMethod<DeleteUserRequest, DeleteUserResponse> DeleteUser = new(CallShape.Unary, Service, "deleteUser", DeleteUserRequest.Parser, DeleteUserResponse.Parser);

    public static readonly GrpcMethod<GetUserRequest, User> GetUser = new(CallShape.Unary, Service, "getUser", GetUserRequest.Parser, User.Parser);
}
