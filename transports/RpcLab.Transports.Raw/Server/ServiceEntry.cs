namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// A service in a <see cref="ProcedureDirectory"/>: its procedures (overloads included) and the clients allowed
/// to use it (its tenants), or null when every client may. Immutable.
/// </summary>
public sealed record ServiceEntry(string Name, IReadOnlySet<string>? Tenants, IReadOnlyList<RawProcedure> Procedures);
