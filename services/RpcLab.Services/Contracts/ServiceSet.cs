namespace RpcLab.Services.Contracts;

/// <summary>
/// The five services as one value. A server is given the implementations; a client of any
/// transport hands back proxies of the same interfaces.
/// </summary>
public sealed record ServiceSet(
    IParallelSumService Sum,
    IUserService Users,
    IFileService Files,
    IComputeService Compute,
    IEchoService Echo)
{
    /// <summary>
    /// The same users under the original course project's rules (its user-service lab accepted any name and
    /// email on update), for a server that also serves that project's wire contract; the users are shared with
    /// <see cref="Users"/>. Null when there is no such view (client proxies, test stand-ins): that contract then
    /// applies <see cref="Users"/>' rules.
    /// </summary>
    public IUserService? OriginalUsers { get; init; }
}
