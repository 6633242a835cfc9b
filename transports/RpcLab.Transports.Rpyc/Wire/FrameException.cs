namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>A frame that breaks rpyc's framing or our limits: its connection cannot be trusted to stay in step and is closed.</summary>
internal sealed class FrameException(string message) : Exception(message);
