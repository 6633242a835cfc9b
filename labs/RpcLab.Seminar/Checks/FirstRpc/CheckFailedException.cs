namespace RpcLab.Seminar.Checks.FirstRpc;

/// <summary>
/// Thrown inside a first-rpc check when it has found what is wrong, with the sentence the student reads (naming the
/// method); the suite turns it into <see cref="CheckOutcome.Fail"/>, so the helpers can stop a check at any depth.
/// </summary>
public sealed class CheckFailedException : Exception
{
    public CheckFailedException()
    {
    }

    public CheckFailedException(string message)
        : base(message)
    {
    }

    public CheckFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
