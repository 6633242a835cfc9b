namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>Bytes that are not a brine value (an unknown tag, a length past the end, nesting too deep): the frame is malformed.</summary>
internal sealed class BrineException(string message) : Exception(message);
