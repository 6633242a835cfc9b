using System.Reflection;
using System.Runtime.Loader;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// A collectible load context holding one compiled procedure source, so that replacing or removing the procedure
/// frees its code. Everything it references (the framework, the guard) comes from the default context.
/// </summary>
internal sealed class ProcedureLoadContext(string name) : AssemblyLoadContext(name, isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
