using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Users;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Methods;

/// <summary>The methods of <c>rpclab.users.Users</c> (protos/rpclab/users.proto).</summary>
public static class UsersMethods
{
    public const string Service = "rpclab.users.Users";

    public static readonly GrpcMethod<CreateUserRequest, User> Create = new(CallShape.Unary, Service, "Create", CreateUserRequest.Parser, User.Parser);

    public static readonly GrpcMethod<UserId, User> Get = new(CallShape.Unary, Service, "Get", UserId.Parser, User.Parser);

    public static readonly GrpcMethod<User, User> Update = new(CallShape.Unary, Service, "Update", User.Parser, User.Parser);

    public static readonly GrpcMethod<UserId, Empty> Delete = new(CallShape.Unary, Service, "Delete", UserId.Parser, Empty.Parser);

    public static readonly GrpcMethod<Empty, UserList> List = new(CallShape.Unary, Service, "List", Empty.Parser, UserList.Parser);
}
