namespace RpcLab.Seminar.Checks;

/// <summary>
/// What one check found: passed or not, why (for a failure, a sentence naming the method and what is wrong), and what
/// was sent and received, as short readable text for the report. Immutable.
/// </summary>
public sealed record CheckOutcome(bool Passed, string Reason, string? Sent = null, string? Received = null)
{
    public static CheckOutcome Pass(string? sent = null, string? received = null) => new(true, string.Empty, sent, received);

    public static CheckOutcome Fail(string reason, string? sent = null, string? received = null) => new(false, reason, sent, received);
}
