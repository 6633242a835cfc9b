using Grpc.Core;

namespace Lab3.Server;

/// <summary>Lab 3's service, solved: thin methods over the store; the interceptor maps what they throw.</summary>
public sealed class UsersService(UserStore store, Waits waits) : Users.UsersBase
{
    public override Task<User> GetUser(GetUserRequest request, ServerCallContext context) =>
        Task.FromResult(store.Get(request.Id));

    public override Task<User> CreateUser(CreateUserRequest request, ServerCallContext context) =>
        Task.FromResult(store.Create(request.Name, request.Email));

    public override Task<User> UpdateUser(UpdateUserRequest request, ServerCallContext context) =>
        Task.FromResult(store.Update(request.Id, request.Name, request.Email));

    public override Task<ListUsersReply> ListUsers(ListUsersRequest request, ServerCallContext context) =>
        Task.FromResult(new ListUsersReply { Users = { store.List() } });

    public override async Task<WaitReply> Wait(WaitRequest request, ServerCallContext context)
    {
        using var entry = waits.Begin(request.Tag, context.CancellationToken);
        // Wrong on purpose: the call's token is not passed, so the deadline does not stop the wait.
        await Task.Delay(request.Millis);
        entry.Complete();
        return new WaitReply { Tag = request.Tag };
    }

    public override Task<WaitRecord> GetWait(GetWaitRequest request, ServerCallContext context) =>
        Task.FromResult(waits.Find(request.Tag) ?? throw new RpcException(new Status(StatusCode.NotFound, $"no wait has tag '{request.Tag}'")));
}
