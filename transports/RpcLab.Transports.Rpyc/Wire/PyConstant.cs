namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>Python's two singletons besides None, True and False that brine has a tag for.</summary>
internal enum PyConstant
{
    NotImplemented,
    Ellipsis,
}
