using RpcLab.Services.Errors;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// How a client retries a failed call, the same on every transport: gRPC through grpc-dotnet's own retry policy (the
/// channel's service config), the message-based transports through a Polly retry strategy applied once in their shared
/// invoker path. The backoff before retry n (from 1) is min(<see cref="InitialBackoff"/> × <see cref="Multiplier"/>^(n-1),
/// <see cref="MaxBackoff"/>), randomized between 0 and that value when <see cref="Jitter"/> is on (gRPC always jitters,
/// gRFC A6). The call's deadline covers every attempt. Streams are retried only by gRPC, and only before the first
/// response message; the message-based transports never retry a streaming call.
/// </summary>
/// <remarks>
/// What is retried by default (<see cref="RetryableStatuses"/> null), and why:
/// <list type="bullet">
/// <item>Unavailable: only for methods declared <see cref="Services.Contracts.IdempotentAttribute"/>. Unavailable does
/// not mean the server did nothing: the reply may have been lost after the work was done, and the client cannot tell.
/// Running an idempotent call twice is harmless; running a create twice makes two users.</item>
/// <item>ResourceExhausted: for every method, after the backoff: the server refused before doing any work (a full job
/// queue), and waiting is the remedy. (A message over the size limit is ResourceExhausted too, and fails again.)</item>
/// <item>DeadlineExceeded: never: the deadline covers all attempts, so once it has passed there is no time left.</item>
/// <item>Everything else (InvalidArgument, NotFound, Internal, ...): never; the same call gets the same answer.</item>
/// </list>
/// Setting <see cref="RetryableStatuses"/> applies that set to every method, the non-idempotent ones too: with
/// <see cref="AtMostOnce"/> on, each retry carries the same request id and the server answers it with the first reply.
/// </remarks>
public sealed record RetryOptions
{
    /// <summary>Attempts in all, the first included (gRPC's maxAttempts): 1 means no retry.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The backoff before the first retry.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How much each backoff grows over the one before.</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>The longest backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Randomize each backoff between 0 and its value, so clients failed together do not retry together.</summary>
    public bool Jitter { get; init; } = true;

    /// <summary>The statuses retried for every method; null: the default table (see the remarks).</summary>
    public IReadOnlySet<RpcStatusCode>? RetryableStatuses { get; init; }

    /// <summary>
    /// Send a <see cref="Services.Contracts.RequestId"/> (the client's id and a sequence number per call, the same on
    /// every retry of the call) with each call of a non-idempotent method, so the server runs it at most once.
    /// </summary>
    public bool AtMostOnce { get; init; } = true;

    /// <summary>The statuses retried for <paramref name="idempotent"/> or non-idempotent methods by these options.</summary>
    public IReadOnlySet<RpcStatusCode> RetryableFor(bool idempotent) =>
        RetryableStatuses ?? (idempotent ? IdempotentDefaults : OtherDefaults);

    /// <summary>The backoff before retry <paramref name="retry"/> (from 1), before jitter.</summary>
    public TimeSpan Backoff(int retry)
    {
        var backoff = InitialBackoff.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(retry - 1, 0));
        return TimeSpan.FromMilliseconds(Math.Min(backoff, MaxBackoff.TotalMilliseconds));
    }

    private static readonly IReadOnlySet<RpcStatusCode> IdempotentDefaults = new HashSet<RpcStatusCode> { RpcStatusCode.Unavailable, RpcStatusCode.ResourceExhausted };

    private static readonly IReadOnlySet<RpcStatusCode> OtherDefaults = new HashSet<RpcStatusCode> { RpcStatusCode.ResourceExhausted };
}
