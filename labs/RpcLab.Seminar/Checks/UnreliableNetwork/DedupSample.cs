namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>The duplicate table's size at one moment, and how many clients could have appended by then.</summary>
internal sealed record DedupSample(TimeSpan At, int Size, int Clients);
