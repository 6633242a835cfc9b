namespace RpcLab.Measurement.Load;

/// <summary>The <c>mode</c> column of the results.</summary>
public static class LoadModes
{
    /// <summary>N callers back to back.</summary>
    public const string Closed = "closed";

    /// <summary>A fixed rate, latency from each call's intended start.</summary>
    public const string Open = "open";
}
