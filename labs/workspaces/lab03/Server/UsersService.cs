using Grpc.Core;

namespace Lab3.Server;

/// <summary>
/// Your service: one override per rpc of protos/lab3.proto (the base class, Users.UsersBase, is generated from it when
/// you build). Keep each method thin: ask the store and return. Never catch the store's exceptions here and never build
/// a status here: ErrorInterceptor maps every exception of every method in one place.
/// </summary>
public sealed class UsersService(UserStore store, Waits waits) : Users.UsersBase
{
    // TODO 3 GetUser, CreateUser, UpdateUser: one line each, through the store. For example:
    // public override Task<User> GetUser(GetUserRequest request, ServerCallContext context) =>
    //     Task.FromResult(store.Get(request.Id));

    public override Task<ListUsersReply> ListUsers(ListUsersRequest request, ServerCallContext context) =>
        Task.FromResult(new ListUsersReply { Users = { store.List() } });

    // TODO 4 Wait: wait request.Millis milliseconds, and stop as soon as the call's deadline passes or the client
    // cancels. Record it, so GetWait can tell:
    //     using var entry = waits.Begin(request.Tag, context.CancellationToken);
    //     await Task.Delay(request.Millis, ...);      // which token makes the deadline stop this wait?
    //     entry.Complete();
    //     return new WaitReply { Tag = request.Tag };

    public override Task<WaitRecord> GetWait(GetWaitRequest request, ServerCallContext context) =>
        Task.FromResult(waits.Find(request.Tag) ?? throw new RpcException(new Status(StatusCode.NotFound, $"no wait has tag '{request.Tag}'")));
}
