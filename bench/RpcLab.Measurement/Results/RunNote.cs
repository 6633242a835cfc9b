namespace RpcLab.Measurement.Results;

/// <summary>Something a run left out (a server not installed, a benchmark a transport cannot make) and why. Immutable.</summary>
public sealed record RunNote(string What, string Why);
