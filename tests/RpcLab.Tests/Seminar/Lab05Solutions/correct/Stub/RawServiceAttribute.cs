namespace Lab5.Stub;

/// <summary>The service name a stub interface is called by on the wire.</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class RawServiceAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
