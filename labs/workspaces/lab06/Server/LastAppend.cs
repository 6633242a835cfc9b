namespace Lab6.Server;

/// <summary>One client's entry in the duplicate table: its highest sequence number applied, and the reply it got.</summary>
public sealed record LastAppend(long Seq, long Reply);
