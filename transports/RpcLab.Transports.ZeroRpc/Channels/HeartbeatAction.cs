namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>What a channel's <see cref="HeartbeatClock"/> says to do at a check.</summary>
internal enum HeartbeatAction
{
    None,
    Beat,
    Lost,
}
