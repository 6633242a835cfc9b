namespace RpcLab.Transports.Rpyc.Original;

/// <summary>One parameter of an original exposed method, with its default when it has one (part 2's <c>update=False</c>).</summary>
internal readonly record struct ExposedParameter(string Name, bool Optional = false, object? Default = null);
