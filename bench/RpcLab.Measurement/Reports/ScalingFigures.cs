namespace RpcLab.Measurement.Reports;

/// <summary>
/// The parallel sum read against its limits: what share of the memory-bandwidth ceiling it reaches, how its
/// speed-up over one worker compares with the ceiling's own (a memory-bound loop cannot scale past the memory's
/// bandwidth, so 2.0 on two cores is not the yardstick), and how many bytes a call allocates per byte it carries.
/// Times are in any one unit; a missing or non-positive figure gives null. Stateless and thread-safe.
/// </summary>
public static class ScalingFigures
{
    /// <summary>The ceiling's time over the sum's: 1.0 when the sum moves its bytes as fast as the ceiling does.</summary>
    public static double? ShareOfCeiling(double? sumTime, double? ceilingTime) =>
        sumTime is > 0 && ceilingTime is > 0 ? ceilingTime / sumTime : null;

    /// <summary>How much faster several workers are than one: one worker's time over theirs.</summary>
    public static double? Speedup(double? oneWorkerTime, double? workersTime) =>
        oneWorkerTime is > 0 && workersTime is > 0 ? oneWorkerTime / workersTime : null;

    /// <summary>The sum's speed-up as a share of the ceiling's speed-up with the same workers: 1.0 when the sum gains from threads all that memory allows.</summary>
    public static double? SpeedupAgainstCeiling(double? sumOne, double? sumWorkers, double? ceilingOne, double? ceilingWorkers) =>
        Speedup(sumOne, sumWorkers) is { } sum && Speedup(ceilingOne, ceilingWorkers) is { } ceiling ? sum / ceiling : null;

    /// <summary>Bytes allocated per byte of payload, for a call that carries <paramref name="payloadBytes"/>.</summary>
    public static double? PerPayloadByte(double? allocatedBytes, double payloadBytes) =>
        allocatedBytes is { } allocated && payloadBytes > 0 ? allocated / payloadBytes : null;
}
