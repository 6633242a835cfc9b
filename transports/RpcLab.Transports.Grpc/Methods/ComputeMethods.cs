using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Compute;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Methods;

/// <summary>The methods of <c>rpclab.compute.Compute</c> (protos/rpclab/compute.proto).</summary>
public static class ComputeMethods
{
    public const string Service = "rpclab.compute.Compute";

    public static readonly GrpcMethod<AddRequest, AddReply> Add = new(CallShape.Unary, Service, "Add", AddRequest.Parser, AddReply.Parser);

    public static readonly GrpcMethod<SortRequest, SortReply> Sort = new(CallShape.Unary, Service, "Sort", SortRequest.Parser, SortReply.Parser);

    public static readonly GrpcMethod<AddRequest, JobId> SubmitAdd = new(CallShape.Unary, Service, "SubmitAdd", AddRequest.Parser, JobId.Parser);

    public static readonly GrpcMethod<SortRequest, JobId> SubmitSort = new(CallShape.Unary, Service, "SubmitSort", SortRequest.Parser, JobId.Parser);

    public static readonly GrpcMethod<JobId, Job> GetJob = new(CallShape.Unary, Service, "GetJob", JobId.Parser, Job.Parser);

    public static readonly GrpcMethod<WaitJobRequest, Job> WaitJob = new(CallShape.Unary, Service, "WaitJob", WaitJobRequest.Parser, Job.Parser);
}
