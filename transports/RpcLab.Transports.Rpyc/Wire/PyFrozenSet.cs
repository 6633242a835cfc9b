namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>A Python <c>frozenset</c> as brine carries it: its items in the sender's iteration order.</summary>
internal sealed record PyFrozenSet(IReadOnlyList<object?> Items);
