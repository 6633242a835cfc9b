namespace RpcLab.Transports.Framing;

/// <summary>One thing read from a <see cref="FramedStream"/>: a message's payload (a copy the caller owns) or why there is none.</summary>
public readonly record struct ReceivedFrame(FrameStatus Status, byte[]? Payload, string? Error);
