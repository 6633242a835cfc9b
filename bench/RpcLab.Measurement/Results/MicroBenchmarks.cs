namespace RpcLab.Measurement.Results;

/// <summary>
/// The benchmark methods of micro.csv that the report reads against each other (bench/RpcLab.Bench names its
/// methods so): the parallel sum, this machine's memory-bandwidth ceiling for the sum's access pattern, the
/// compute-bound variant of the same split, and protobuf's own serialize + parse of the sum's messages.
/// </summary>
public static class MicroBenchmarks
{
    public const string Sum = "Sum";

    public const string Ceiling = "Ceiling";

    public const string ComputeBound = "ComputeBound";

    public const string ProtobufAlone = "ProtobufAlone";

    /// <summary>The bytes a parallel-sum call carries per element: two ints in, one long out.</summary>
    public const int SumPayloadBytesPerInt = sizeof(int) + sizeof(int) + sizeof(long);
}
