namespace RpcLab.Transports.Raw.Cluster;

/// <summary>How an initialization touched a procedure.</summary>
public enum ChangeKind
{
    /// <summary>Its source was sent and compiled: it is new or changed.</summary>
    Sent,

    /// <summary>The server's copy has the same SHA-256: nothing sent, the loaded code kept.</summary>
    Skipped,

    /// <summary>No longer in init.yaml for this server: gone, its code unloaded.</summary>
    Removed,
}
