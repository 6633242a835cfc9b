using Grpc.Core;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>gRPC retries through grpc-dotnet's own retry policy: the service config our retry options become.</summary>
public sealed class GrpcRetryPolicyTests
{
    [Fact]
    public void The_service_config_retries_Unavailable_only_for_idempotent_methods()
    {
        var config = GrpcRetryPolicy.ServiceConfig(new RetryOptions { MaxAttempts = 4, InitialBackoff = TimeSpan.FromMilliseconds(50), Multiplier = 1.5 })!;

        var byName = config.MethodConfigs.ToDictionary(m => $"{m.Names[0].Service}/{m.Names[0].Method}");
        var get = byName["rpclab.users.Users/Get"].RetryPolicy!;
        var create = byName["rpclab.users.Users/Create"].RetryPolicy!;

        Assert.Equal((4, TimeSpan.FromMilliseconds(50), 1.5), (get.MaxAttempts!.Value, get.InitialBackoff!.Value, get.BackoffMultiplier!.Value));
        Assert.Equal([StatusCode.ResourceExhausted, StatusCode.Unavailable], get.RetryableStatusCodes.Order());
        Assert.Equal([StatusCode.ResourceExhausted], create.RetryableStatusCodes);
        Assert.Contains("rpclab.echo.Echo/Reverse", byName.Keys);
        Assert.DoesNotContain(byName.Values, m => m.RetryPolicy!.RetryableStatusCodes.Contains(StatusCode.DeadlineExceeded));
    }

    [Fact]
    public void Statuses_given_apply_to_every_method_and_one_attempt_means_no_config()
    {
        var config = GrpcRetryPolicy.ServiceConfig(new RetryOptions { RetryableStatuses = new HashSet<RpcStatusCode> { RpcStatusCode.Unavailable } })!;

        Assert.All(config.MethodConfigs, m => Assert.Equal([StatusCode.Unavailable], m.RetryPolicy!.RetryableStatusCodes));
        Assert.Null(GrpcRetryPolicy.ServiceConfig(new RetryOptions { MaxAttempts = 1 }));
    }
}
