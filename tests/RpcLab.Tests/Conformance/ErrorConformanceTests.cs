using RpcLab.Services.Errors;

namespace RpcLab.Tests.Conformance;

/// <summary>A service's error reaches the client as the same RpcException (status and detail) on every transport.</summary>
public sealed class ErrorConformanceTests
{
    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Unknown_user_is_not_found_with_the_servers_message(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var error = await Assert.ThrowsAsync<RpcException>(() => env.Services.Users.GetAsync("999"));

        Assert.Equal(RpcStatusCode.NotFound, error.Status);
        Assert.Contains("999", error.Detail);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Invalid_arguments_are_invalid_argument(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var emptyName = await Assert.ThrowsAsync<RpcException>(() => env.Services.Users.CreateAsync("", "x@example.com"));
        var lengths = await Assert.ThrowsAsync<RpcException>(() => env.Services.Sum.SumAsync([1, 2], [1]));

        Assert.Equal(RpcStatusCode.InvalidArgument, emptyName.Status);
        Assert.Equal(RpcStatusCode.InvalidArgument, lengths.Status);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Path_tricks_in_file_names_are_refused(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        foreach (var name in new[] { "../escape.txt", "/etc/passwd", "a/b.txt", ".." })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => env.Services.Files.DeleteAsync(name));
            Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Unknown_job_is_not_found(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var error = await Assert.ThrowsAsync<RpcException>(() => env.Services.Compute.GetJobAsync("no-such-job"));

        Assert.Equal(RpcStatusCode.NotFound, error.Status);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.WithWire), MemberType = typeof(ConformanceTransports))]
    public async Task An_unexpected_failure_reaches_the_client_as_internal_error_without_its_type_or_message(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var error = await Assert.ThrowsAsync<RpcException>(() => env.Services.Echo.ReverseAsync(ObservedEcho.Crash));
        var next = await env.Services.Echo.ReverseAsync("ok");

        Assert.Equal(RpcStatusCode.Internal, error.Status);
        Assert.Contains(RpcLab.Transports.Invocation.RpcErrors.InternalError, error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("IOException", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ObservedEcho.CrashMessage, error.Message, StringComparison.Ordinal);
        Assert.Equal("ko", next);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("rest")]
    [InlineData("zerorpc")]
    [InlineData("raw")]
    [InlineData("jsonrpc")]
    [InlineData("rpyc")]
    public async Task The_servers_call_log_keeps_what_an_internal_error_was(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        await Assert.ThrowsAsync<RpcException>(() => env.Services.Echo.ReverseAsync(ObservedEcho.Crash));
        var calls = await env.WaitForServerCallsAsync(c => c.Status == RpcStatusCode.Internal, count: 1);

        Assert.Contains(calls, c => c.Detail!.Contains($"internal error (IOException: {ObservedEcho.CrashMessage})", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_failed_call_leaves_the_server_serving(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        await Assert.ThrowsAsync<RpcException>(() => env.Services.Users.GetAsync("404"));
        var reply = await env.Services.Echo.ReverseAsync("still here");

        Assert.Equal("ereh llits", reply);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task An_error_inside_a_server_stream_reaches_the_enumerating_client(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in env.Services.Files.DownloadAsync("missing.bin"))
            {
            }
        });

        Assert.Equal(RpcStatusCode.NotFound, error.Status);
    }
}
