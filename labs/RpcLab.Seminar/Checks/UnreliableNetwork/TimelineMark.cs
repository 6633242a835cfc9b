namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>How a timeline event is drawn.</summary>
internal enum TimelineMark
{
    /// <summary>A call answered on its first attempt.</summary>
    Answered,

    /// <summary>A call answered after retries.</summary>
    Retried,

    /// <summary>A clerk gave up, or a check found something wrong.</summary>
    Failed,

    /// <summary>A message the proxy lost.</summary>
    Lost,

    /// <summary>A message the proxy held back or duplicated.</summary>
    Delayed,

    /// <summary>A phase, a partition, a restart: what the checker did.</summary>
    Phase,
}
