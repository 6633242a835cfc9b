namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>An iterator's end, which rpyc sends as the bare integer 1 in an EXCEPTION message rather than as a class.</summary>
internal sealed class StopIterationError() : Exception("StopIteration");
