namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>A Python <c>slice(start, stop, step)</c> as brine carries it (each part a brine value, usually an int or None).</summary>
internal sealed record PySlice(object? Start, object? Stop, object? Step);
