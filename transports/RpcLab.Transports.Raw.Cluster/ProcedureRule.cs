namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One line of <see cref="ProcedureRules"/>: what it names (a namespace, a type, a member, <c>Type.*</c> for the
/// members of a type, or a construct of the language), whether a procedure may use it, and why not when it may not,
/// in words the procedure's author reads in the refusal. Immutable.
/// </summary>
internal sealed record ProcedureRule(string Pattern, bool Allowed, string Reason);
