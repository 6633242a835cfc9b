using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Load;

/// <summary>What a sweep measured, and what it had to leave out. Immutable.</summary>
public sealed record SweepOutcome(IReadOnlyList<LoadRow> Rows, IReadOnlyList<RunNote> Skipped);
