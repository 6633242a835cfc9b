namespace RpcLab.Transports.Hosting;

/// <summary>Which way the bytes a wire tap reports went.</summary>
public enum WireDirection
{
    Sent,
    Received,
}
