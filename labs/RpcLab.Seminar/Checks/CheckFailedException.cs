namespace RpcLab.Seminar.Checks;

/// <summary>
/// Thrown inside a check when it has found what is wrong, with the sentence the student reads (naming the
/// method); each suite turns it into <see cref="CheckOutcome.Fail"/>, so the helpers can stop a check at any depth.
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
