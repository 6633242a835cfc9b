using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Tests.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// The services' limits seen through every transport, as the hostile-client probe of issue 20 tried them: each is a
/// clear error naming the limit, the server goes on serving, a hostile entry in the files folder is neither listed
/// nor served and never holds a call up, and no error names a server path or an exception type.
/// </summary>
public sealed class ServiceLimitsConformanceTests
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Three_megabyte_names_are_invalid_argument_and_users_list_still_answers(string transport)
    {
        // Messages of 8 MiB, so the names reach the service, as they did with the probe's 4 MiB default.
        await using var env = await ConformanceEnvironment.StartAsync(transport, new ServiceOptions(), 8 * 1024 * 1024);
        var threeMegabytes = new string('n', 3 * 1024 * 1024);

        var first = await Assert.ThrowsAsync<RpcException>(() => env.Services.Users.CreateAsync(threeMegabytes, "a@example.com"));
        var second = await Assert.ThrowsAsync<RpcException>(() => env.Services.Users.CreateAsync(threeMegabytes, "b@example.com"));
        var users = await env.Services.Users.ListAsync();

        Assert.All([first, second], e => Assert.Equal(RpcStatusCode.InvalidArgument, e.Status));
        Assert.StartsWith("name must be at most 200 characters", first.Detail, StringComparison.Ordinal);
        Assert.Equal(["1"], users.Select(u => u.Id));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_full_user_store_is_resource_exhausted_and_the_server_keeps_serving(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport, new ServiceOptions { MaxUsers = 2 }, ConformanceEnvironment.MaxMessageSize);
        await env.Services.Users.CreateAsync("Ada", "ada@example.com");

        var full = await Assert.ThrowsAsync<RpcException>(() => env.Services.Users.CreateAsync("Bob", "bob@example.com"));
        var after = await env.Services.Echo.ReverseAsync("ok");

        Assert.Equal((RpcStatusCode.ResourceExhausted, "the server holds the most users it allows (2); delete one to create another"), (full.Status, full.Detail));
        Assert.Equal("ko", after);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task An_upload_over_the_quota_is_resource_exhausted_and_leaves_nothing_behind(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport, new ServiceOptions { FilesQuota = 100_000 }, ConformanceEnvironment.MaxMessageSize);
        if (ConformanceTransports.Gap(transport, TransportCapability.ClientStreaming) is not null)
        {
            return; // no uploads to limit: StreamingConformanceTests asserts the documented Unimplemented
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => env.Services.Files.UploadAsync("big.bin", Chunks.Of(new byte[200_000], 16 * 1024)));
        var after = await env.Services.Files.ListAsync();

        Assert.Equal((RpcStatusCode.ResourceExhausted, "the files folder is full: \"big.bin\" does not fit in its quota of 100000 bytes"), (error.Status, error.Detail));
        Assert.Empty(after);
        // The client may hear the status before the server's handler has finished deleting its partial file (gRPC
        // sends the trailers first): give the handler a moment, then nothing may be left.
        for (var waited = 0; waited < 5_000 && Directory.EnumerateFileSystemEntries(env.ServerFilesFolder).Any(); waited += 50)
        {
            await Task.Delay(50);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(env.ServerFilesFolder));
    }

    [UnixTheory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_fifo_and_symlinks_in_the_files_folder_are_not_listed_nor_served_and_calls_return_promptly(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        using var outside = new TempFolder();
        var folder = env.ServerFilesFolder;
        await File.WriteAllTextAsync(Path.Combine(folder, "ok.txt"), "ok");
        UnixOnly.MakeFifo(Path.Combine(folder, "pipe"));
        File.CreateSymbolicLink(Path.Combine(folder, "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(folder, "outside"), outside.Path);

        var listed = await env.Services.Files.ListAsync().WaitAsync(Promptly);
        var errors = new List<RpcException>();
        foreach (var name in new[] { "pipe", "passwd", "outside" })
        {
            errors.Add(await Assert.ThrowsAsync<RpcException>(() => Download(env, name).WaitAsync(Promptly)));
        }

        Assert.Equal(["ok.txt"], listed.Select(e => e.Name));
        Assert.All(errors, e => Assert.Equal(RpcStatusCode.NotFound, e.Status));
        Assert.Equal("ok"u8.ToArray(), await Download(env, "ok.txt").WaitAsync(Promptly));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_file_system_failure_reaches_the_client_without_a_server_path_or_an_exception_name(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        Directory.Delete(env.ServerFilesFolder);

        var error = await Assert.ThrowsAsync<RpcException>(() => env.Services.Files.ListAsync());
        var after = await env.Services.Echo.ReverseAsync("ok");

        Assert.Equal((RpcStatusCode.FailedPrecondition, "the server's files folder is missing"), (error.Status, error.Detail));
        FileErrorsTests.AssertPlain(error);
        Assert.Equal("ko", after);
    }

    private static async Task<byte[]> Download(ConformanceEnvironment env, string name)
    {
        using var content = new MemoryStream();
        await foreach (var chunk in env.Services.Files.DownloadAsync(name))
        {
            content.Write(chunk);
        }

        return content.ToArray();
    }
}
