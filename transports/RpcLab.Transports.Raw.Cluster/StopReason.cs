namespace RpcLab.Transports.Raw.Cluster;

/// <summary>Why the guard stopped a procedure.</summary>
public enum StopReason
{
    /// <summary>It ran past its time limit, or its caller cancelled.</summary>
    TimeLimit,

    /// <summary>It recursed until the stack was nearly gone.</summary>
    Stack,

    /// <summary>It allocated more than its memory limit during the call.</summary>
    Memory,
}
