using Google.Protobuf;
using Contracts = RpcLab.Services.Contracts;
using ComputeProto = RpcLab.Transports.Grpc.Protos.Compute;
using FilesProto = RpcLab.Transports.Grpc.Protos.Files;
using SumProto = RpcLab.Transports.Grpc.Protos.Sum;
using UsersProto = RpcLab.Transports.Grpc.Protos.Users;

namespace RpcLab.Transports.Grpc.Mapping;

/// <summary>Contract records to protobuf messages and back, shared by the client and server adapters. Thread-safe.</summary>
public static class ContractMapping
{
    /// <summary>
    /// The request id a message's two flat fields carry (flat rather than a nested message so REST puts them in a
    /// query string as plainly as in a body); null when the client sent none.
    /// </summary>
    public static Contracts.RequestId? ToRequestId(string clientId, long sequence) =>
        string.IsNullOrEmpty(clientId) ? null : new Contracts.RequestId(clientId, sequence);

    public static UsersProto.User ToProto(this Contracts.User user) => new() { Id = user.Id, Name = user.Name, Email = user.Email };

    public static Contracts.User ToContract(this UsersProto.User user) => new(user.Id, user.Name, user.Email);

    public static FilesProto.FileEntry ToProto(this Contracts.FileEntry entry) => new()
    {
        Name = entry.Name,
        Size = entry.Size,
        ModifiedUnixMs = entry.Modified.ToUnixTimeMilliseconds(),
        Sha256 = entry.Sha256,
    };

    public static Contracts.FileEntry ToContract(this FilesProto.FileEntry entry) =>
        new(entry.Name, entry.Size, DateTimeOffset.FromUnixTimeMilliseconds(entry.ModifiedUnixMs), entry.Sha256);

    public static SumProto.SumReply ToProto(this Contracts.SumResult result)
    {
        var reply = new SumProto.SumReply { Workers = result.Workers };
        reply.Sum.AddRange(result.Sum);
        return reply;
    }

    public static Contracts.SumResult ToContract(this SumProto.SumReply reply) => new([.. reply.Sum], reply.Workers);

    public static ComputeProto.Job ToProto(this Contracts.Job job)
    {
        var proto = new ComputeProto.Job
        {
            Id = job.Id,
            Kind = job.Kind,
            State = job.State switch
            {
                Contracts.JobState.Pending => ComputeProto.JobState.Pending,
                Contracts.JobState.Running => ComputeProto.JobState.Running,
                Contracts.JobState.Done => ComputeProto.JobState.Done,
                _ => ComputeProto.JobState.Failed,
            },
            Error = job.Error ?? string.Empty,
        };
        if (job.Sum is { } sum)
        {
            proto.Sum = new ComputeProto.AddReply { Sum = sum };
        }

        if (job.Sorted is { } sorted)
        {
            proto.Sorted = new ComputeProto.SortReply();
            proto.Sorted.Values.AddRange(sorted);
        }

        return proto;
    }

    public static Contracts.Job ToContract(this ComputeProto.Job job) => new(
        job.Id,
        job.Kind,
        job.State switch
        {
            ComputeProto.JobState.Pending => Contracts.JobState.Pending,
            ComputeProto.JobState.Running => Contracts.JobState.Running,
            ComputeProto.JobState.Done => Contracts.JobState.Done,
            _ => Contracts.JobState.Failed,
        },
        job.Sum?.Sum,
        job.Sorted is null ? null : [.. job.Sorted.Values],
        job.Error.Length == 0 ? null : job.Error);

    /// <summary>
    /// Wraps without copying. Safe only because the frame is serialized before the caller's array can be
    /// reused: the sender writes each message before asking its source for the next one.
    /// </summary>
    public static ByteString WrapUnsafe(byte[] bytes) => UnsafeByteOperations.UnsafeWrap(bytes);
}
