using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// rpyc's name for an object: <c>(name_pack, class_id, instance_id)</c>, e.g. <c>("builtins.list", 140.., 140..)</c>.
/// The ids are whatever the owner chose (Python uses addresses), so they are kept as received (long or BigInteger)
/// and echoed unchanged.
/// </summary>
internal sealed record IdPack(string Name, object ClassId, object InstanceId)
{
    public object?[] ToTuple() => [Name, ClassId, InstanceId];

    public static IdPack Parse(object? value) =>
        value is object?[] { Length: 3 } t && t[0] is string name && t[1] is { } classId && t[2] is { } instanceId
            ? new IdPack(name, classId, instanceId)
            : throw new BrineException("a reference that is not (name_pack, class_id, instance_id)");
}
