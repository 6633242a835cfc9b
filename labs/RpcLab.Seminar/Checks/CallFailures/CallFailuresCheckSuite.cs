using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Grpc.Core;
using Lab3;

namespace RpcLab.Seminar.Checks.CallFailures;

/// <summary>
/// Lab 3's checks (<c>call-failures</c>): the student's users server, over gRPC and over REST (JSON transcoding), fails
/// each way the sheet's table says: NotFound/404, InvalidArgument/400 naming the field, AlreadyExists/409, Unimplemented
/// for an unknown method, <c>{}</c> refused, PUT idempotent and POST not, a 200 ms deadline that ends the call at the
/// client in time and stops the student's handler (seen through the contract's GetWait, which reports what the handler
/// recorded), and no error that shows the server's insides. Each check makes users of its own (unique emails), so the
/// checks do not depend on one another. Stateless, thread-safe.
/// </summary>
public sealed class CallFailuresCheckSuite : ILabCheckSuite
{
    /// <summary>The deadline the client gives Wait.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(200);

    /// <summary>By when the client must have given up: the deadline and a little for its timer.</summary>
    public static readonly TimeSpan ClientGivesUpWithin = TimeSpan.FromMilliseconds(250);

    /// <summary>How long after the deadline the handler may take to record that it stopped: generous, for a loaded machine.</summary>
    public static readonly TimeSpan HandlerStopsWithin = TimeSpan.FromSeconds(3);

    /// <summary>Tries of the deadline, the best one counting: one stall of a busy machine must not fail a correct server.</summary>
    public const int DeadlineTries = 3;

    /// <summary>How long the checker asks Wait to wait: far longer than the deadline and than <see cref="HandlerStopsWithin"/>.</summary>
    public const int WaitMillis = 8000;

    /// <summary>An id no user has.</summary>
    public const string MissingId = "999999";

    /// <summary>The name of a method of no lab, for the unknown-method check.</summary>
    public const string UnknownMethod = "NoSuchMethodOfAnyLab";

    /// <summary>The name that makes the workspace's store fail as if its disk were full (UserStore.DiskFullName).</summary>
    public const string DiskFullName = "!disk-full";

    public string Name => "call-failures";

    public IReadOnlyList<string> Transports { get; } = ["grpc"];

    public IReadOnlyList<LabCheck> Checks { get; } =
    [
        Check("a missing user is NotFound over gRPC and 404 over REST", NotFoundAsync),
        Check("a bad field is InvalidArgument / 400, naming the field", InvalidArgumentAsync),
        Check("a duplicate email is AlreadyExists / 409", AlreadyExistsAsync),
        Check("an unknown method is Unimplemented", UnknownMethodAsync),
        Check("POST {} does not create an unnamed user", EmptyBodyAsync),
        Check("PUT twice is one result; POST twice is two users", IdempotencyAsync),
        Check("a 200 ms deadline fails at the client within 250 ms and stops the handler", DeadlineAsync),
        Check("no error shows a stack trace, an exception type or a server path", NoLeaksAsync),
    ];

    private static LabCheck Check(string name, Func<UsersConnection, CancellationToken, Task<CheckOutcome>> body) =>
        new(name, async (context, cancellationToken) =>
        {
            try
            {
                using var users = UsersConnection.Open(context);
                return await body(users, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckFailedException e)
            {
                return CheckOutcome.Fail(e.Message);
            }
        });

    private static async Task<CheckOutcome> NotFoundAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        var (_, error) = await users.CallAsync(o => users.Grpc.GetUserAsync(new GetUserRequest { Id = MissingId }, o), cancellationToken).ConfigureAwait(false);
        var call = $"GetUser(id \"{MissingId}\")";
        ExpectStatus(call, error, StatusCode.NotFound, "UserNotFoundException");
        var rest = await users.RestAsync(HttpMethod.Get, $"/v1/users/{MissingId}", null, cancellationToken).ConfigureAwait(false);
        ExpectHttp($"GET /v1/users/{MissingId}", rest, HttpStatusCode.NotFound);
        return CheckOutcome.Pass($"{call}; GET /v1/users/{MissingId}", $"{Show(error!)}; {rest}");
    }

    private static async Task<CheckOutcome> InvalidArgumentAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        var badEmail = new CreateUserRequest { Name = "Val Idate", Email = "not-an-email" };
        var call = "CreateUser(name \"Val Idate\", email \"not-an-email\")";
        var (created, error) = await users.CallAsync(o => users.Grpc.CreateUserAsync(badEmail, o), cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            throw new CheckFailedException($"{call} created user {created.Id}; an email needs text on both sides of an '@': InvalidArgument naming the field email");
        }

        ExpectStatus(call, error, StatusCode.InvalidArgument, "InvalidFieldException");
        ExpectNamed(call, error!.Status.Detail, "email");

        var noName = new CreateUserRequest { Name = " ", Email = Unique("noname") };
        var (unnamed, nameError) = await users.CallAsync(o => users.Grpc.CreateUserAsync(noName, o), cancellationToken).ConfigureAwait(false);
        var nameCall = $"CreateUser(name \" \", email \"{noName.Email}\")";
        if (unnamed is not null)
        {
            throw new CheckFailedException($"{nameCall} created user {unnamed.Id}; a name is required (not only spaces): InvalidArgument naming the field name");
        }

        ExpectStatus(nameCall, nameError, StatusCode.InvalidArgument, "InvalidFieldException");
        ExpectNamed(nameCall, nameError!.Status.Detail, "name");

        const string Body = """{"name":"Val Idate","email":"not-an-email"}""";
        var rest = await users.RestAsync(HttpMethod.Post, "/v1/users", Body, cancellationToken).ConfigureAwait(false);
        ExpectHttp($"POST /v1/users {Body}", rest, HttpStatusCode.BadRequest);
        ExpectNamed($"POST /v1/users {Body}", rest.Message, "email");
        return CheckOutcome.Pass($"{call}; {nameCall}; POST /v1/users {Body}", $"{Show(error)}; {Show(nameError)}; {rest}");
    }

    private static async Task<CheckOutcome> AlreadyExistsAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        var email = Unique("dup");
        var request = new CreateUserRequest { Name = "Dee Plicate", Email = email };
        var call = $"CreateUser(name \"Dee Plicate\", email \"{email}\")";
        var (first, firstError) = await users.CallAsync(o => users.Grpc.CreateUserAsync(request, o), cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            throw new CheckFailedException($"{call}, the first time, answered {Show(firstError!)}; expected a new user");
        }

        var (second, error) = await users.CallAsync(o => users.Grpc.CreateUserAsync(request, o), cancellationToken).ConfigureAwait(false);
        if (second is not null)
        {
            throw new CheckFailedException($"{call} twice created users {first.Id} and {second.Id} with one email; the second must be AlreadyExists (409 over REST): check for a user with that email before creating one");
        }

        ExpectStatus($"{call}, the second time,", error, StatusCode.AlreadyExists, "DuplicateEmailException");
        var body = JsonSerializer.Serialize(new { name = "Dee Plicate", email = email.ToUpperInvariant() });
        var rest = await users.RestAsync(HttpMethod.Post, "/v1/users", body, cancellationToken).ConfigureAwait(false);
        ExpectHttp($"POST /v1/users {body} (the same email in capitals)", rest, HttpStatusCode.Conflict);
        return CheckOutcome.Pass($"{call} twice; POST /v1/users {body}", $"user {first.Id}, then {Show(error!)}; {rest}");
    }

    private static async Task<CheckOutcome> UnknownMethodAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        var call = $"/{Users.Descriptor.FullName}/{UnknownMethod}";
        var error = await users.CallUnknownAsync(UnknownMethod, cancellationToken).ConfigureAwait(false)
            ?? throw new CheckFailedException($"{call} answered OK; a method the service does not have must be Unimplemented");
        return error.StatusCode == StatusCode.Unimplemented
            ? CheckOutcome.Pass(call, Show(error))
            : CheckOutcome.Fail($"{call} answered {Show(error)}; a method the service does not have is Unimplemented (grpc-dotnet answers it so unless something in front of it changes the status)", call, Show(error));
    }

    private static async Task<CheckOutcome> EmptyBodyAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        var before = await ListAsync(users, cancellationToken).ConfigureAwait(false);
        var rest = await users.RestAsync(HttpMethod.Post, "/v1/users", "{}", cancellationToken).ConfigureAwait(false);
        var after = await ListAsync(users, cancellationToken).ConfigureAwait(false);
        if (rest.IsSuccess || after.Count > before.Count)
        {
            var made = rest.Property("id") is { } id ? $"user {id}" : $"{after.Count - before.Count} user(s)";
            throw new CheckFailedException($"POST /v1/users {{}} answered {rest.Code} and created {made} with no name and no email: proto3 reads a missing field as \"\", so a required field must be checked (InvalidArgument, 400, naming the field name)");
        }

        ExpectHttp("POST /v1/users {}", rest, HttpStatusCode.BadRequest);
        ExpectNamed("POST /v1/users {}", rest.Message, "name");
        return CheckOutcome.Pass("POST /v1/users {}", $"{rest}; still {after.Count} users");
    }

    private static async Task<CheckOutcome> IdempotencyAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        var email = Unique("put");
        var created = await users.RestAsync(HttpMethod.Post, "/v1/users", JsonSerializer.Serialize(new { name = "Pat Put", email }), cancellationToken).ConfigureAwait(false);
        ExpectHttp("POST /v1/users (a new user)", created, HttpStatusCode.OK);
        var id = created.Property("id") ?? throw new CheckFailedException($"POST /v1/users answered {created} without an id");
        var path = $"/v1/users/{id}";
        var body = JsonSerializer.Serialize(new { name = "Pat Twice", email });
        var before = await ListAsync(users, cancellationToken).ConfigureAwait(false);
        var put1 = await users.RestAsync(HttpMethod.Put, path, body, cancellationToken).ConfigureAwait(false);
        var put2 = await users.RestAsync(HttpMethod.Put, path, body, cancellationToken).ConfigureAwait(false);
        ExpectHttp($"PUT {path} {body}", put1, HttpStatusCode.OK);
        ExpectHttp($"PUT {path} {body}, the second time,", put2, HttpStatusCode.OK);
        var read = await users.RestAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        var afterPuts = await ListAsync(users, cancellationToken).ConfigureAwait(false);
        if (User(put1) != User(put2) || User(put2) != User(read) || User(read) != (id, "Pat Twice", email) || afterPuts.Count != before.Count)
        {
            throw new CheckFailedException($"PUT {path} {body} twice answered {put1} and {put2}; GET then answered {read}, and the users went from {before.Count} to {afterPuts.Count}: the same PUT twice must leave one user {id} named Pat Twice, as once");
        }

        var twins = new[] { Unique("twin"), Unique("twin") };
        var posts = new List<RestReply>();
        foreach (var twin in twins)
        {
            posts.Add(await users.RestAsync(HttpMethod.Post, "/v1/users", JsonSerializer.Serialize(new { name = "Twin", email = twin }), cancellationToken).ConfigureAwait(false));
        }

        var afterPosts = await ListAsync(users, cancellationToken).ConfigureAwait(false);
        var ids = posts.Select(p => p.Property("id")).ToList();
        if (posts.Any(p => !p.IsSuccess) || ids[0] is null || ids[0] == ids[1] || afterPosts.Count != afterPuts.Count + 2)
        {
            throw new CheckFailedException($"POST /v1/users twice (name Twin, two emails) answered {posts[0]} and {posts[1]}, and the users went from {afterPuts.Count} to {afterPosts.Count}: each POST creates a user with an id of its own");
        }

        return CheckOutcome.Pass($"PUT {path} {body} twice; POST /v1/users twice", $"{put2}; users {ids[0]} and {ids[1]}");
    }

    private static async Task<CheckOutcome> DeadlineAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        // A call first, so the connection is open and the server's code compiled: the tries time the deadline alone.
        await ListAsync(users, cancellationToken).ConfigureAwait(false);
        var best = TimeSpan.MaxValue;
        string tag = string.Empty;
        for (var attempt = 0; attempt < DeadlineTries && best > ClientGivesUpWithin; attempt++)
        {
            tag = "deadline-" + Guid.NewGuid().ToString("N")[..12];
            var request = new WaitRequest { Tag = tag, Millis = WaitMillis };
            var clock = Stopwatch.StartNew();
            RpcException? error = null;
            try
            {
                using var call = users.Grpc.WaitAsync(request, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
                await call.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                error = e;
            }

            var elapsed = clock.Elapsed;
            users.CountCall();
            if (error?.StatusCode != StatusCode.DeadlineExceeded)
            {
                var answered = error is null ? "OK" : Show(error);
                throw new CheckFailedException(error?.StatusCode == StatusCode.Unimplemented
                    ? $"Wait answered {answered}: override Wait in UsersService (TODO 4)"
                    : $"Wait(tag \"{tag}\", millis {WaitMillis}) with a {Deadline.TotalMilliseconds:0} ms deadline answered {answered} after {elapsed.TotalMilliseconds:0} ms; expected DeadlineExceeded (wait millis ms, and stop at the deadline)");
            }

            best = elapsed < best ? elapsed : best;
        }

        if (best > ClientGivesUpWithin)
        {
            throw new CheckFailedException($"the {Deadline.TotalMilliseconds:0} ms deadline of Wait fired at the client after {best.TotalMilliseconds:0} ms at best in {DeadlineTries} tries; expected within {ClientGivesUpWithin.TotalMilliseconds:0} ms (is the machine very busy? run the check again)");
        }

        // The handler records what became of its wait; ask until it is no longer running, or until it is clearly late.
        var asked = Stopwatch.StartNew();
        WaitRecord? record;
        while (true)
        {
            var (reply, error) = await users.CallAsync(o => users.Grpc.GetWaitAsync(new GetWaitRequest { Tag = tag }, o), cancellationToken).ConfigureAwait(false);
            record = reply ?? throw new CheckFailedException($"GetWait(tag \"{tag}\") answered {Show(error!)} after the deadline; Wait must record its tag (waits.Begin(request.Tag, ...)) before it waits");
            if (record.State != "running" || asked.Elapsed > HandlerStopsWithin)
            {
                break;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        var received = $"client: DeadlineExceeded after {best.TotalMilliseconds:0} ms; handler: {record.State} after {record.ElapsedMs} ms";
        return record.State switch
        {
            "cancelled" => CheckOutcome.Pass($"Wait(millis {WaitMillis}) with a {Deadline.TotalMilliseconds:0} ms deadline", received),
            "running" => CheckOutcome.Fail($"your Wait handler was still running {HandlerStopsWithin.TotalSeconds:0} s after the client's {Deadline.TotalMilliseconds:0} ms deadline: it never saw the deadline (pass context.CancellationToken to Task.Delay, so the deadline that travels with the call stops it)", null, received),
            "completed" => CheckOutcome.Fail($"your Wait handler ran to its end ({record.ElapsedMs} ms) although the client's {Deadline.TotalMilliseconds:0} ms deadline had passed: pass context.CancellationToken to what it waits on", null, received),
            _ => CheckOutcome.Fail($"your Wait handler ended \"{record.State}\" after the deadline, not \"cancelled\": it must stop because the call's token fired", null, received),
        };
    }

    private static async Task<CheckOutcome> NoLeaksAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        // Every failure of the sheet's table, and one nobody planned: the store's disk is full.
        var seen = new List<(string Call, string Text)>();
        var (_, missing) = await users.CallAsync(o => users.Grpc.GetUserAsync(new GetUserRequest { Id = MissingId }, o), cancellationToken).ConfigureAwait(false);
        var (_, invalid) = await users.CallAsync(o => users.Grpc.CreateUserAsync(new CreateUserRequest { Name = "Leo Leak", Email = "leak" }, o), cancellationToken).ConfigureAwait(false);
        var crash = new CreateUserRequest { Name = DiskFullName, Email = Unique("disk") };
        var (crashed, internalError) = await users.CallAsync(o => users.Grpc.CreateUserAsync(crash, o), cancellationToken).ConfigureAwait(false);
        var restCrash = await users.RestAsync(HttpMethod.Post, "/v1/users", JsonSerializer.Serialize(new { name = DiskFullName, email = Unique("disk") }), cancellationToken).ConfigureAwait(false);
        var restMissing = await users.RestAsync(HttpMethod.Get, $"/v1/users/{MissingId}", null, cancellationToken).ConfigureAwait(false);
        seen.Add(($"GetUser(id \"{MissingId}\")", Show(missing)));
        seen.Add(("CreateUser(email \"leak\")", Show(invalid)));
        seen.Add(($"CreateUser(name \"{DiskFullName}\")", Show(internalError)));
        seen.Add(($"POST /v1/users (name \"{DiskFullName}\")", restCrash.ToString()));
        seen.Add(($"GET /v1/users/{MissingId}", restMissing.ToString()));
        foreach (var (call, text) in seen)
        {
            if (ErrorLeaks.Find(text) is { } leak)
            {
                return CheckOutcome.Fail($"{call} answered with {leak}: an error tells the client what it can act on; the server's stack, types and paths belong in the server's log only", call, text);
            }
        }

        var diskCall = $"CreateUser(name \"{DiskFullName}\") (the store fails as if its disk were full)";
        if (crashed is not null)
        {
            throw new CheckFailedException($"{diskCall} created user {crashed.Id}; the workspace's UserStore throws an IOException for that name: keep SimulateTheDisk in Create");
        }

        if (internalError!.StatusCode != StatusCode.Internal || restCrash.Code != 500)
        {
            return CheckOutcome.Fail($"{diskCall} answered {Show(internalError)}, and over REST {restCrash}; a failure the client did not cause is Internal (500), with a short text of yours: map every other exception to Internal in ErrorInterceptor", diskCall, Show(internalError));
        }

        return CheckOutcome.Pass(string.Join("; ", seen.Select(s => s.Call)), string.Join("; ", seen.Select(s => s.Text)));
    }

    private static async Task<IReadOnlyList<User>> ListAsync(UsersConnection users, CancellationToken cancellationToken)
    {
        var (reply, error) = await users.CallAsync(o => users.Grpc.ListUsersAsync(new ListUsersRequest(), o), cancellationToken).ConfigureAwait(false);
        return reply?.Users ?? throw new CheckFailedException($"ListUsers answered {Show(error!)}; it is given in the workspace's UsersService: keep it");
    }

    private static void ExpectStatus(string call, RpcException? error, StatusCode expected, string exception)
    {
        if (error is null)
        {
            throw new CheckFailedException($"{call} answered OK; expected {expected}");
        }

        if (error.StatusCode == expected)
        {
            return;
        }

        var why = error.StatusCode switch
        {
            StatusCode.Unimplemented => ": the method is not overridden yet in UsersService (TODO 3)",
            StatusCode.Unknown => $": the exception was not mapped, so grpc-dotnet answered Unknown; map {exception} to StatusCode.{expected} in ErrorInterceptor (TODO 5)",
            _ => $": map {exception} to StatusCode.{expected} in ErrorInterceptor",
        };
        throw new CheckFailedException($"{call} answered {Show(error)}; expected {expected}{why}");
    }

    private static void ExpectHttp(string request, RestReply reply, HttpStatusCode expected)
    {
        if (reply.Status != expected)
        {
            var unmapped = reply.Code == 500 && expected != HttpStatusCode.InternalServerError ? " (500 is what JSON transcoding makes of Unknown or Internal: the status was not mapped)" : string.Empty;
            throw new CheckFailedException($"{request} answered {reply}; expected {(int)expected} {expected}{unmapped}");
        }
    }

    private static void ExpectNamed(string call, string detail, string field)
    {
        if (!detail.Contains(field, StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckFailedException($"{call} answered \"{detail}\", which does not name the field {field}: say which field is wrong, so the client can fix it");
        }
    }

    private static (string Id, string Name, string Email) User(RestReply reply) =>
        (reply.Property("id") ?? string.Empty, reply.Property("name") ?? string.Empty, reply.Property("email") ?? string.Empty);

    private static string Show(RpcException? error) =>
        error is null ? "OK" : string.IsNullOrEmpty(error.Status.Detail) ? error.StatusCode.ToString() : $"{error.StatusCode} ({error.Status.Detail})";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}@example.org";
}
