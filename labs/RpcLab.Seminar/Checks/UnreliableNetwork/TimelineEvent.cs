namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>One mark on the run's timeline: when (since the run started), on which lane (checker, proxy, clerk k), what kind, and its text.</summary>
internal sealed record TimelineEvent(TimeSpan At, string Lane, TimelineMark Mark, string Text);
