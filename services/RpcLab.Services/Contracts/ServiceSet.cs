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
    IEchoService Echo);
